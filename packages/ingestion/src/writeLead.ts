import {
  identityKeys,
  planLead,
  resolveSummary,
  type CustomerState,
  type Resolution,
} from '@leadflow/domain';
import type { ExpectedRevision } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { newCustomerId } from './ids';
import {
  customerStreamName,
  foldStream,
  indexOf,
  summaryAfter,
  toNewEvents,
  type LeadInput,
} from './planLead';
import {
  RetryWrite,
  type EarlierDelivery,
  type IndexedCustomer,
  type LeadLookup,
  type WriteTx,
} from './writeTx';

/**
 * The result of one write transaction for an accepted lead; a duplicate also says the content hash of
 * the delivery it repeats (null when unknown), so a key sent again with another body can be told.
 */
export type WriteResult = {
  leadId: string;
  customerId: string;
  duplicate: boolean;
  earlierContentHash?: string | null;
};

const involvedIds = (resolution: Resolution): string[] =>
  resolution.kind === 'new'
    ? []
    : resolution.kind === 'existing'
      ? [resolution.customerId]
      : [resolution.survivor, ...resolution.merged];

const sameIds = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

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

/** Locks the customers the lead resolves to and checks, under the lock, that the decision still holds. */
const lockResolution = async (
  tx: WriteTx,
  input: LeadInput,
  keys: ReadonlyArray<string>,
  candidates: IndexedCustomer[],
) => {
  const index = indexOf(candidates);
  const resolution = resolveSummary(index, input.summary);
  const involved = involvedIds(resolution);
  const locked = await tx.lockCustomers(involved);
  if (involved.length > 0) {
    const again = resolveSummary(indexOf(await tx.candidates(keys)), input.summary);
    if (
      locked.length !== involved.length ||
      locked.some((c) => c.mergedInto !== null) ||
      !sameIds(involvedIds(again), involved)
    ) {
      throw new RetryWrite('identity changed while locking');
    }
  }
  return { index, resolution, locked };
};

const loadStates = async (tx: WriteTx, ids: ReadonlyArray<string>) => {
  const states = new Map<string, { state: CustomerState; revision: ExpectedRevision }>();
  for (const id of ids) states.set(id, foldStream(await tx.readStream(customerStreamName(id))));
  return states;
};

/**
 * One attempt of the write path for a decoded lead, inside a write transaction: dedup, resolve the
 * identity, lock the customers involved and re-check under the lock, plan with the domain
 * (merges into the oldest, then LeadReceived), claim the dedup key, append. Throws RetryWrite when
 * a concurrent writer changed what the decision rests on. `earlierLookup`: the lookup already made
 * for this attempt (by the direct path), instead of the transaction's first read.
 */
export const writeLead = async (
  tx: WriteTx,
  input: LeadInput,
  dedupKey: string,
  dedupSince: Date,
  earlierLookup?: LeadLookup,
): Promise<WriteResult> => {
  const duplicate = (earlier: EarlierDelivery): WriteResult => {
    if (earlier.customerId === null)
      throw new Error(`dedup key ${dedupKey} points at unknown lead ${earlier.leadId}`);
    return {
      leadId: earlier.leadId,
      customerId: earlier.customerId,
      duplicate: true,
      earlierContentHash: earlier.contentHash,
    };
  };
  const keys = identityKeys(input.summary);
  // A lookup made just before the transaction reads what its first statement would (read committed;
  // the lookup takes no lock), and whatever resolves from it is re-checked under the locks below.
  const found = earlierLookup ?? (await tx.lookup(dedupKey, dedupSince, keys));
  if (found.earlier !== null) return duplicate(found.earlier);

  const { index, resolution, locked } = await lockResolution(tx, input, keys, found.candidates);
  if (locked.length > 0) {
    // A concurrent delivery of this lead may have committed while we waited for the lock.
    const late = await tx.findEarlier(dedupKey, dedupSince);
    if (late !== null) return duplicate(late);
  }
  const newId = resolution.kind === 'new' ? await startCustomer(tx, input, keys) : '';
  const states = await loadStates(tx, involvedIds(resolution));
  const planned = planLead(
    index,
    (id) => states.get(id)?.state ?? foldStream([]).state,
    {
      leadId: input.leadId,
      receivedAt: input.receivedAt.toISOString(),
      lead: input.lead,
      contentHash: input.contentHash,
      idempotencyKey: input.idempotencyKey,
      summary: input.summary,
    },
    newId,
    input.metadata,
  );
  if (E.isLeft(planned))
    throw new Error(`the decider refused lead ${input.leadId}: ${JSON.stringify(planned.left)}`);
  const plan = planned.right;

  // Claim the dedup key before any append: a store whose streams live outside this transaction
  // (KurrentDB) then never appends a lead that a concurrent delivery already stored.
  // The index entry goes with the claim (the whole transaction rolls back if the append fails).
  const claimed = await tx.recordLead(
    {
      leadId: input.leadId,
      customerId: plan.customerId,
      streamName: customerStreamName(plan.customerId),
      receivedAt: input.receivedAt,
      unrecognized: input.lead.unrecognized,
      dedupKey,
      contentHash: input.contentHash,
    },
    dedupSince,
    {
      keys,
      summary:
        resolution.kind === 'new'
          ? null
          : summaryAfter([...locked.map((c: IndexedCustomer) => c.summary), input.summary]),
    },
  );
  if (!claimed) throw new RetryWrite('a concurrent delivery of the same lead claimed its dedup key');

  for (const { customerId, events } of plan.appends) {
    if (events.length === 0) continue;
    const expected = states.get(customerId)?.revision ?? 'no_stream';
    const appended = await tx.appendToStream(
      customerStreamName(customerId),
      toNewEvents(events, input.leadId, customerId),
      expected,
    );
    if (E.isLeft(appended))
      throw new RetryWrite(`append to customer ${customerId}: ${appended.left.message}`);
  }
  if (resolution.kind === 'merge')
    for (const merged of resolution.merged) await tx.markMerged(merged, plan.customerId);
  return { leadId: input.leadId, customerId: plan.customerId, duplicate: false };
};
