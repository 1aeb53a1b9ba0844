import type { IdentitySummary } from '@leadflow/contracts';

/** Index keys of a summary: one per email, phone and name+company (country is checked on match). */
export const identityKeys = (summary: IdentitySummary): ReadonlyArray<string> => [
  ...summary.emails.map((email) => `e:${email}`),
  ...summary.phones.map((phone) => `p:${phone}`),
  ...summary.names.map((key) => `n:${key.name}|${key.company}`),
];
