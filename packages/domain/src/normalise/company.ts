import * as O from 'fp-ts/Option';
import { boundedMemo } from './boundedMemo';
import { stripPunctuation } from './punctuation';
import { foldText } from './text';

/** Legal-form suffixes dropped from company names, compared after dots are removed. */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'ltd',
  'llc',
  'gmbh',
  'ag',
  'corp',
  'corporation',
  'co',
  'plc',
  'sa',
  'bv',
  'pty',
]);

const companyOnce = (raw: string): string => {
  const words = stripPunctuation(foldText(raw)).split(' ');
  let end = words.length;
  while (end > 1 && LEGAL_SUFFIXES.has(words[end - 1] ?? '')) end -= 1;
  return words.slice(0, end).join(' ');
};

const companyKey = (raw: string): string | null => {
  let key = companyOnce(raw);
  // Removing punctuation can bring non-ASCII characters together that fold differently: repeat until stable.
  for (let i = 0; i < 4 && !/^[\x20-\x7e]*$/.test(key); i += 1) {
    const next = companyOnce(key);
    if (next === key) break;
    key = next;
  }
  return key === '' ? null : key;
};

// Company spellings recur from lead to lead; 50,000 spellings take at most about 10 MB.
const companyMemo = boundedMemo(50_000, 100, companyKey);

/** Forgets the memoised company keys (a benchmark's timed run starts cold). */
export const clearCompanyMemo = (): void => companyMemo.clear();

/**
 * The company key: the name key without punctuation and without trailing legal suffixes
 * (`Fabrikam, Inc.` -> `fabrikam`). A company that is only a suffix keeps it.
 */
export const normaliseCompany = (raw: string | null | undefined): O.Option<string> =>
  O.fromNullable(companyOrNull(raw));

/** `normaliseCompany` as a nullable value (the hot path's form: no Option allocated). */
export const companyOrNull = (raw: string | null | undefined): string | null =>
  raw == null ? null : companyMemo.get(raw);
