import { identityKeys, resolve, summaryOfLead, type Resolution } from '@leadflow/domain';
import * as E from 'fp-ts/Either';
import { evolveAll } from './evolveAll';
import { newCustomerId } from './ids';
import {
  customerStreamName,
  decideOrThrow,
  foldStream,
  indexOf,
  receiveLeadCommand,
  summaryAfter,
  toNewEvents,
  type LeadInput,
} from './planLead';
import { RetryWrite, type IndexedCustomer, type WriteTx } from './writeTx';

/** The result of one write transaction for an accepted lead. */
export type WriteResult = { leadId: string; customerId: string; duplicate: boolean };

const involvedIds = (resolution: Resolution): string[] =>
  resolution.kind === 'new'
    ? []
    : resolution.kind === 'existing'
      ? [resolution.customerId]
      : [resolution.survivor, ...resolution.merged];

const sameIds = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

const appendOrRetry = async (tx: WriteTx, ...args: Parameters<WriteTx['appendToStream']>) => {
  const result = await tx.appendToStream(...args);
  if (E.isLeft(result)) throw new RetryWrite(`append to ${args[0]}: ${result.left.message}`);
};

/** A new customer: its id derives from the lead's strongest key, so a concurrent twin collides. */
const startCustomer = async (tx: WriteTx, input: LeadInput, keys: ReadonlyArray<string>): Promise<string> => {
  const preferred = newCustomerId(keys, input.leadId);
  if (await tx.createCustomer(preferred, input.receivedAt, input.summary)) return preferred;
  // The id exists: a concurrent first lead of the same person (retry and join it), or an older
  // customer that does not match this lead (e.g. a shared switchboard): then the lead gets its own.
  const candidates = await tx.candidates(keys);
  if (candidates.some((c) => c.customerId === preferred))
    throw new RetryWrite('a concurrent lead created the customer');
  const own = newCustomerId([], input.leadId);
  if (!(await tx.createCustomer(own, input.receivedAt, input.summary)))
    throw new RetryWrite('customer id taken');
  return own;
};

const appendNewCustomer = async (tx: WriteTx, input: LeadInput, customerId: string) => {
  const events = decideOrThrow(receiveLeadCommand(input, customerId, null), foldStream([]).state);
  await appendOrRetry(
    tx,
    customerStreamName(customerId),
    toNewEvents(events, input.leadId, customerId),
    'no_stream',
  );
};

const appendToExisting = async (
  tx: WriteTx,
  input: LeadInput,
  customer: IndexedCustomer,
  rule: Parameters<typeof receiveLeadCommand>[2],
) => {
  const stream = customerStreamName(customer.customerId);
  const { state, revision } = foldStream(await tx.readStream(stream));
  const events = decideOrThrow(receiveLeadCommand(input, customer.customerId, rule), state);
  await appendOrRetry(tx, stream, toNewEvents(events, input.leadId, customer.customerId), revision);
  await tx.updateSummary(customer.customerId, summaryAfter([customer.summary, input.summary]));
};

/** Merges the linked customers into the oldest (SPEC 2), then appends the lead to the survivor. */
const appendMerge = async (
  tx: WriteTx,
  input: LeadInput,
  resolution: Extract<Resolution, { kind: 'merge' }>,
  locked: ReadonlyArray<IndexedCustomer>,
) => {
  const survivorStream = customerStreamName(resolution.survivor);
  const loaded = foldStream(await tx.readStream(survivorStream));
  const survivorRevision = loaded.revision;
  let survivor = loaded.state;
  const survivorEvents = [];
  const mergedAt = input.receivedAt.toISOString();
  for (const mergedId of resolution.merged) {
    const stream = customerStreamName(mergedId);
    const { state: merged, revision } = foldStream(await tx.readStream(stream));
    const rule = resolution.links.find((l) => l.customerId === mergedId)?.rule ?? resolution.rule;
    const absorbed = decideOrThrow(
      {
        type: 'AbsorbCustomer',
        metadata: input.metadata,
        data: { customerId: resolution.survivor, merged, rule, leadId: input.leadId, mergedAt },
      },
      survivor,
    );
    survivor = evolveAll(survivor, absorbed);
    survivorEvents.push(...absorbed);
    const closing = decideOrThrow(
      {
        type: 'MarkMergedInto',
        metadata: input.metadata,
        data: { customerId: mergedId, survivorId: resolution.survivor, rule, leadId: input.leadId, mergedAt },
      },
      merged,
    );
    await appendOrRetry(tx, stream, toNewEvents(closing, input.leadId, mergedId), revision);
    await tx.markMerged(mergedId, resolution.survivor);
  }
  survivorEvents.push(
    ...decideOrThrow(receiveLeadCommand(input, resolution.survivor, resolution.rule), survivor),
  );
  await appendOrRetry(
    tx,
    survivorStream,
    toNewEvents(survivorEvents, input.leadId, resolution.survivor),
    survivorRevision,
  );
  await tx.updateSummary(resolution.survivor, summaryAfter([...locked.map((c) => c.summary), input.summary]));
};

/**
 * One attempt of the write path for a decoded lead, inside a write transaction: dedup, resolve the
 * identity, lock the customers involved, re-check under the lock, then decide and append. Throws
 * RetryWrite when a concurrent writer changed what the decision rests on.
 */
export const writeLead = async (
  tx: WriteTx,
  input: LeadInput,
  dedupKey: string,
  dedupSince: Date,
): Promise<WriteResult> => {
  const duplicate = async (): Promise<WriteResult | null> => {
    const leadId = await tx.findDedup(dedupKey, dedupSince);
    if (leadId === null) return null;
    const customerId = await tx.customerOfLead(leadId);
    if (customerId === null) throw new Error(`dedup key ${dedupKey} points at unknown lead ${leadId}`);
    return { leadId, customerId, duplicate: true };
  };
  const earlier = await duplicate();
  if (earlier) return earlier;

  const keys = identityKeys(input.summary ?? summaryOfLead(input.normalised));
  const resolution = resolve(indexOf(await tx.candidates(keys)), input.normalised);
  const involved = involvedIds(resolution);
  const locked = await tx.lockCustomers(involved);
  if (involved.length > 0) {
    // Under the lock, the decision must still hold: same customers, none merged meanwhile.
    const again = resolve(indexOf(await tx.candidates(keys)), input.normalised);
    if (
      locked.length !== involved.length ||
      locked.some((c) => c.mergedInto !== null) ||
      !sameIds(involvedIds(again), involved)
    ) {
      throw new RetryWrite('identity changed while locking');
    }
    const late = await duplicate();
    if (late) return late;
  }

  const customerId =
    resolution.kind === 'new'
      ? await startCustomer(tx, input, keys)
      : resolution.kind === 'existing'
        ? resolution.customerId
        : resolution.survivor;
  // Claim the dedup key before any append: a store whose streams live outside this transaction
  // (KurrentDB) then never appends a lead that a concurrent delivery already stored.
  const claimed = await tx.recordLead(
    {
      leadId: input.leadId,
      customerId,
      streamName: customerStreamName(customerId),
      receivedAt: input.receivedAt,
      unrecognized: input.lead.unrecognized,
      dedupKey,
    },
    dedupSince,
  );
  if (!claimed) throw new RetryWrite('a concurrent delivery of the same lead claimed its dedup key');
  if (resolution.kind === 'new') await appendNewCustomer(tx, input, customerId);
  else if (resolution.kind === 'existing') await appendToExisting(tx, input, locked[0]!, resolution.rule);
  else await appendMerge(tx, input, resolution, locked);
  await tx.addKeys(customerId, keys);
  return { leadId: input.leadId, customerId, duplicate: false };
};
