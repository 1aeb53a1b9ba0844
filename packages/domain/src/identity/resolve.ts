import type { IdentitySummary, MatchRule, NormalisedCustomer } from '@leadflow/contracts';
import * as O from 'fp-ts/Option';
import { byAge, candidateCustomerIds, type CustomerIdentity, type IdentityIndex } from './identityIndex';
import { summaryOfLead } from './identitySummary';
import { getValue } from './persistentMap';
import { customersConflict, matchRule } from './matchRule';

/** A candidate customer that the lead matches, with the rule that linked them. */
export type CustomerLink = { readonly customerId: string; readonly rule: MatchRule };

/** Where a lead belongs: a new customer, an existing one, or several that it links (a merge). */
export type Resolution =
  | { readonly kind: 'new' }
  | { readonly kind: 'existing'; readonly customerId: string; readonly rule: MatchRule }
  | {
      readonly kind: 'merge';
      /** The oldest linked customer, which absorbs the others. */
      readonly survivor: string;
      readonly rule: MatchRule;
      readonly merged: ReadonlyArray<string>;
      /** Every linked customer (survivor first) with its rule: the explanation of the merge. */
      readonly links: ReadonlyArray<CustomerLink>;
    };

type Match = { readonly identity: CustomerIdentity; readonly rule: MatchRule; readonly evidence: number };

/** How strongly a lead points at a customer: shared email > shared phone > shared name key. */
const evidence = (lead: IdentitySummary, customer: IdentitySummary): number =>
  (lead.emails.some((e) => customer.emails.includes(e)) ? 4 : 0) +
  (lead.phones.some((p) => customer.phones.includes(p)) ? 2 : 0) +
  (lead.names.some((n) => customer.names.some((c) => c.name === n.name && c.company === n.company)) ? 1 : 0);

const matchesOf = (index: IdentityIndex, lead: IdentitySummary): Match[] => {
  const matches: Match[] = [];
  // Candidate ids are already canonical: look their identities up directly.
  for (const id of candidateCustomerIds(index, lead)) {
    const identity = getValue(index.customers, id);
    if (identity === undefined) continue;
    const rule = matchRule(lead, identity.summary);
    if (O.isSome(rule)) {
      matches.push({ identity, rule: rule.value, evidence: evidence(lead, identity.summary) });
    }
  }
  return matches;
};

/**
 * Keeps the matches that can be one person: strongest evidence first, dropping any customer whose
 * emails conflict with one already kept (a lead without email can reach two colleagues through
 * a shared switchboard; that must not merge them).
 */
const compatible = (matches: ReadonlyArray<Match>): Match[] =>
  [...matches]
    .sort((a, b) => b.evidence - a.evidence || byAge(a.identity, b.identity))
    .reduce<Match[]>(
      (kept, m) =>
        kept.some((k) => customersConflict(k.identity.summary, m.identity.summary)) ? kept : [...kept, m],
      [],
    );

/** Resolves a normalised lead against the index by the match rules; several matches mean a merge. */
export const resolve = (index: IdentityIndex, lead: NormalisedCustomer): Resolution =>
  resolveSummary(index, summaryOfLead(lead));

/**
 * `resolve` from the lead's identity summary: the rules only compare values for equality, so an index
 * of keyed hashes resolves a summary of the same hashes exactly as the clear values would.
 */
export const resolveSummary = (index: IdentityIndex, summary: IdentitySummary): Resolution => {
  const matches = matchesOf(index, summary);
  const kept =
    matches.length < 2 ? matches : compatible(matches).sort((a, b) => byAge(a.identity, b.identity));
  const [survivor, ...others] = kept;
  if (survivor === undefined) return { kind: 'new' };
  if (others.length === 0)
    return { kind: 'existing', customerId: survivor.identity.customerId, rule: survivor.rule };
  return {
    kind: 'merge',
    survivor: survivor.identity.customerId,
    rule: survivor.rule,
    merged: others.map((m) => m.identity.customerId),
    links: kept.map((m) => ({ customerId: m.identity.customerId, rule: m.rule })),
  };
};
