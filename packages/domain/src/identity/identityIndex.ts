import type { IdentitySummary } from '@leadflow/contracts';
import * as O from 'fp-ts/Option';
import { identityKeys } from './identityKeys';
import { mergeSummaries } from './identitySummary';
import { emptyMap, getValue, setValue, type PersistentMap } from './persistentMap';

/** What the index knows of one customer: its identity keys and its age (for the merge survivor). */
export type CustomerIdentity = {
  readonly customerId: string;
  readonly createdAt: string;
  /** Order of first sight, the tie-break when two customers share `createdAt`. */
  readonly seq: number;
  readonly summary: IdentitySummary;
};

/**
 * Identity keys -> customer ids, immutable: every update returns a new index sharing structure
 * with the old one, so a write path can keep the previous version if its append fails.
 */
export type IdentityIndex = {
  readonly keys: PersistentMap<ReadonlyArray<string>>;
  readonly customers: PersistentMap<CustomerIdentity>;
  /** Merged customer id -> the customer it was merged into. */
  readonly aliases: PersistentMap<string>;
  readonly nextSeq: number;
};

/** An index that knows no customer. */
export const emptyIdentityIndex = (): IdentityIndex => ({
  keys: emptyMap(),
  customers: emptyMap(),
  aliases: emptyMap(),
  nextSeq: 0,
});

/** The id a customer id resolves to today: itself, or the survivor it was (transitively) merged into. */
export const canonicalCustomerId = (index: IdentityIndex, customerId: string): string => {
  if (index.aliases.size === 0) return customerId;
  let id = customerId;
  for (let next = getValue(index.aliases, id); next !== undefined; next = getValue(index.aliases, id))
    id = next;
  return id;
};

/** A customer's identity, looked up through merges. */
export const customerIdentity = (index: IdentityIndex, customerId: string): O.Option<CustomerIdentity> =>
  O.fromNullable(getValue(index.customers, canonicalCustomerId(index, customerId)));

/** Customer ids (canonical, deduplicated) holding any key of `summary`. */
export const candidateCustomerIds = (
  index: IdentityIndex,
  summary: IdentitySummary,
): ReadonlyArray<string> => {
  const ids: string[] = [];
  for (const key of identityKeys(summary)) {
    const recordedIds = getValue(index.keys, key);
    if (recordedIds === undefined) continue;
    for (const recorded of recordedIds) {
      const id = canonicalCustomerId(index, recorded);
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
};

const addKeys = (
  keys: PersistentMap<ReadonlyArray<string>>,
  customerId: string,
  summary: IdentitySummary,
): PersistentMap<ReadonlyArray<string>> =>
  identityKeys(summary).reduce((acc, key) => {
    const ids = getValue(acc, key) ?? [];
    return ids.includes(customerId) ? acc : setValue(acc, key, [...ids, customerId]);
  }, keys);

/** Records a customer's (new or additional) identity keys; creates the customer on first sight. */
export const recordIdentity = (
  index: IdentityIndex,
  customerId: string,
  summary: IdentitySummary,
  createdAt: string,
): IdentityIndex => {
  const id = canonicalCustomerId(index, customerId);
  const known = getValue(index.customers, id);
  const merged = known === undefined ? summary : mergeSummaries(known.summary, summary);
  if (known !== undefined && merged === known.summary) return index;
  const identity: CustomerIdentity = known ?? { customerId: id, createdAt, seq: index.nextSeq, summary };
  return {
    keys: addKeys(index.keys, id, summary),
    customers: setValue(index.customers, id, { ...identity, summary: merged }),
    aliases: index.aliases,
    nextSeq: known === undefined ? index.nextSeq + 1 : index.nextSeq,
  };
};

/** Records a merge: the merged customers' keys now resolve to the survivor, whose summary absorbs theirs. */
export const recordMerge = (
  index: IdentityIndex,
  survivorId: string,
  mergedIds: ReadonlyArray<string>,
): IdentityIndex =>
  mergedIds.reduce((acc, mergedId) => {
    const survivor = getValue(acc.customers, canonicalCustomerId(acc, survivorId));
    const merged = getValue(acc.customers, canonicalCustomerId(acc, mergedId));
    if (survivor === undefined || merged === undefined || survivor.customerId === merged.customerId)
      return acc;
    return {
      keys: acc.keys,
      customers: setValue(acc.customers, survivor.customerId, {
        ...survivor,
        summary: mergeSummaries(survivor.summary, merged.summary),
      }),
      aliases: setValue(acc.aliases, merged.customerId, survivor.customerId),
      nextSeq: acc.nextSeq,
    };
  }, index);

/** Oldest first: by creation time, then by order of first sight. */
export const byAge = (a: CustomerIdentity, b: CustomerIdentity): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.seq - b.seq;
