import type { IdentitySummary, MatchRule, NameKey } from '@leadflow/contracts';
import * as O from 'fp-ts/Option';

const intersects = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.some((x) => b.includes(x));

/** Both sides carry values of a kind and none is shared: the records are not the same person. */
const conflicts = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length > 0 && b.length > 0 && !intersects(a, b);

const sameNameAndCompany = (a: NameKey, b: NameKey): boolean =>
  a.name === b.name &&
  a.company === b.company &&
  (a.country === null || b.country === null || a.country === b.country);

/** Rule 3 needs a name key in common (same country when both have one). */
const namesMatch = (a: ReadonlyArray<NameKey>, b: ReadonlyArray<NameKey>): boolean =>
  a.some((x) => b.some((y) => sameNameAndCompany(x, y)));

/**
 * Which match rule links two identity summaries (a lead and a customer, or two customers), if any.
 * Symmetric. Different emails block rules 2 and 3; different phones block rule 3.
 */
export const matchRule = (a: IdentitySummary, b: IdentitySummary): O.Option<MatchRule> => {
  if (intersects(a.emails, b.emails)) return O.some('email');
  if (conflicts(a.emails, b.emails)) return O.none;
  if (intersects(a.phones, b.phones)) return O.some('phone');
  if (conflicts(a.phones, b.phones)) return O.none;
  return namesMatch(a.names, b.names) ? O.some('name-company') : O.none;
};

/** Two customers must never be united: they carry different emails (a shared switchboard, say). */
export const customersConflict = (a: IdentitySummary, b: IdentitySummary): boolean =>
  conflicts(a.emails, b.emails);
