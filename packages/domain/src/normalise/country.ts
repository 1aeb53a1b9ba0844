import * as O from 'fp-ts/Option';
import { COUNTRY_TABLE } from './countryTable';
import { stripPunctuation } from './punctuation';
import { foldText } from './text';

/** Folds a country spelling for lookup: text key without dots or punctuation (`U.S.A.` -> `usa`). */
const countryKey = (raw: string): string => stripPunctuation(foldText(raw));

/** Lookup from every known spelling (alpha-2, alpha-3, names) to alpha-2, built once from the table. */
const byKey: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const rows = COUNTRY_TABLE.split('\n').map((line) => line.split('|'));
  // Codes first so that no name can shadow a code.
  for (const [alpha2, alpha3] of rows) {
    if (alpha2 === undefined || alpha3 === undefined) continue;
    map.set(countryKey(alpha2), alpha2);
    map.set(countryKey(alpha3), alpha2);
  }
  for (const [alpha2, , ...names] of rows) {
    if (alpha2 === undefined) continue;
    for (const name of names) {
      const key = countryKey(name);
      if (!map.has(key)) map.set(key, alpha2);
    }
  }
  return map;
})();

/** The table's own spellings, unfolded, for the common exact hit. */
const exact: ReadonlyMap<string, string> = new Map(
  COUNTRY_TABLE.split('\n').flatMap((line) => {
    const [alpha2 = '', ...spellings] = line.split('|');
    return [alpha2, ...spellings].map(
      (spelling) => [spelling, byKey.get(countryKey(spelling)) ?? alpha2] as const,
    );
  }),
);

/** `normaliseCountry` as a nullable value (the hot path's form: no Option allocated). */
export const countryOrNull = (raw: string | null | undefined): string | null =>
  // Most leads spell the country exactly as the table does (`US`, `USA`, `Germany`): skip folding then.
  raw == null ? null : (exact.get(raw) ?? byKey.get(countryKey(raw)) ?? null);

/** Country name, ISO-3 or ISO-2 code to ISO-2 (`USA`, `United States`, `us` -> `US`); None if unknown. */
export const normaliseCountry = (raw: string | null | undefined): O.Option<string> =>
  O.fromNullable(countryOrNull(raw));
