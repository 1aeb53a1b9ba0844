import type { IdentitySummary } from '@leadflow/contracts';

/** Index keys of a summary: one per email, phone and name+company (country is checked on match). */
export const identityKeys = (summary: IdentitySummary): ReadonlyArray<string> => {
  const keys: string[] = [];
  for (const email of summary.emails) keys.push(`e:${email}`);
  for (const phone of summary.phones) keys.push(`p:${phone}`);
  for (const key of summary.names) keys.push(`n:${key.name}|${key.company}`);
  return keys;
};
