import type { IdentitySummary, NameKey, NormalisedCustomer } from '@leadflow/contracts';

/** The summary of nobody: no email, phone or name key. */
export const emptySummary: IdentitySummary = { emails: [], phones: [], names: [] };

/** The identity keys one normalised lead carries (rule 3 needs both a full name and a company). */
export const summaryOfLead = (customer: NormalisedCustomer): IdentitySummary => ({
  emails: customer.email === null ? [] : [customer.email],
  phones: customer.phone === null ? [] : [customer.phone],
  names:
    customer.fullName === null || customer.company === null
      ? []
      : [{ name: customer.fullName, company: customer.company, country: customer.country }],
});

const sameNameKey = (a: NameKey, b: NameKey): boolean =>
  a.name === b.name && a.company === b.company && a.country === b.country;

const includes = <A>(items: ReadonlyArray<A>, item: A, eq: (x: A, y: A) => boolean): boolean => {
  for (const x of items) if (eq(x, item)) return true;
  return false;
};

/** `left` followed by the items of `right` not in `left`; `left` itself when there are none (no copy). */
const union = <A>(left: ReadonlyArray<A>, right: ReadonlyArray<A>, eq: (x: A, y: A) => boolean) => {
  let added: A[] | undefined;
  for (const r of right) if (!includes(left, r, eq)) (added ??= []).push(r);
  return added === undefined ? left : [...left, ...added];
};

const strictEq = <A>(x: A, y: A): boolean => x === y;

/** Union of two summaries, left first; returns `left` itself when nothing is new. */
export const mergeSummaries = (left: IdentitySummary, right: IdentitySummary): IdentitySummary => {
  const emails = union(left.emails, right.emails, strictEq);
  const phones = union(left.phones, right.phones, strictEq);
  const names = union(left.names, right.names, sameNameKey);
  return emails === left.emails && phones === left.phones && names === left.names
    ? left
    : { emails, phones, names };
};

/** A lead with no email, no phone and no name is its own anonymous customer (rule 4). */
export const isAnonymous = (customer: NormalisedCustomer): boolean =>
  customer.email === null && customer.phone === null && customer.fullName === null;
