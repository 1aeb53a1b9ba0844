import { identityKeys, planLead } from '@leadflow/domain';
import * as E from 'fp-ts/Either';
import { newCustomerId } from './ids';
import { customerStreamName, foldStream, indexOf, toNewEvents, type LeadInput } from './planLead';
import type { WriteResult } from './writeLead';
import type { DirectWrites, LeadLookup } from './writeTx';

/** What the direct attempt did: the answer, or the lookup to hand on to the transactional path. */
export type DirectOutcome =
  | { readonly kind: 'answered'; readonly result: WriteResult }
  | { readonly kind: 'not-new'; readonly lookup: LeadLookup }
  | { readonly kind: 'conflict' };

/**
 * A lead's first attempt in one statement: the lookup and — when it finds no earlier delivery and no
 * candidate customer — the new customer and its first lead, all or nothing: the same rows and events
 * the transactional path writes for such a lead in six round trips. The write is planned before the
 * lookup as if the customer were new (pure and cheap) and sent along with it. An earlier delivery is
 * answered as a duplicate; anything else (candidates, a concurrent writer) is left to the
 * transactional path, which re-checks under its locks. `seen`: candidates an earlier lookup found that
 * the lead resolved past (to a new customer); the lead is then written unless others have appeared.
 */
export const writeNewLeadDirectly = async (
  direct: DirectWrites,
  input: LeadInput,
  dedupKey: string,
  since: Date,
  seen?: ReadonlyArray<string>,
): Promise<DirectOutcome> => {
  const keys = identityKeys(input.summary);
  const customerId = newCustomerId(keys, input.leadId);
  const planned = planLead(
    indexOf([]),
    () => foldStream([]).state,
    {
      leadId: input.leadId,
      receivedAt: input.receivedAt.toISOString(),
      lead: input.lead,
      contentHash: input.contentHash,
      idempotencyKey: input.idempotencyKey,
    },
    customerId,
    input.metadata,
  );
  // A refusal, or a plan other than one append to the new stream (an empty index cannot give one), is
  // left to the transactional path, which reports it.
  const append =
    E.isRight(planned) && planned.right.appends.length === 1 ? planned.right.appends[0] : undefined;
  if (append === undefined) return { kind: 'conflict' };
  const streamName = customerStreamName(customerId);
  const outcome = await direct.writeFirstLead({
    customerId,
    summary: input.summary,
    lead: {
      leadId: input.leadId,
      customerId,
      streamName,
      receivedAt: input.receivedAt,
      unrecognized: input.lead.unrecognized,
      dedupKey,
      contentHash: input.contentHash,
    },
    since,
    keys,
    events: toNewEvents(append.events, input.leadId, customerId),
    ...(seen === undefined ? {} : { seen }),
  });
  if (outcome.kind === 'conflict') return { kind: 'conflict' };
  if (outcome.kind === 'known') {
    const { earlier } = outcome.lookup;
    if (earlier === null || earlier.customerId === null) return { kind: 'not-new', lookup: outcome.lookup };
    return {
      kind: 'answered',
      result: {
        leadId: earlier.leadId,
        customerId: earlier.customerId,
        duplicate: true,
        earlierContentHash: earlier.contentHash,
      },
    };
  }
  return { kind: 'answered', result: { leadId: input.leadId, customerId, duplicate: false } };
};
