import * as O from 'fp-ts/Option';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { boundedMemo } from './boundedMemo';

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/** libphonenumber-js throws on some inputs (e.g. too long); treat those as not a number. */
const parse = (text: string, region: CountryCode | undefined) => {
  try {
    return parsePhoneNumberFromString(text, region);
  } catch {
    return undefined;
  }
};

const parseValid = (text: string, region: CountryCode | undefined): string | null => {
  const direct = parse(text, region);
  if (direct !== undefined && direct.isValid()) return direct.number;
  // A bare number that is invalid nationally may be an international one written without `+`.
  if (!text.startsWith('+')) {
    const international = parse(`+${text.replace(/^\D+/, '')}`, undefined);
    if (international !== undefined && international.isValid()) return international.number;
  }
  return null;
};

// Parsing is the hot spot of normalisation (~25 µs a number) and the same spellings recur with
// returning customers. Keyed by region and canonical spelling; 100,000 entries take about 12 MB.
const PHONE_MEMO_LIMIT = 100_000;
const phoneMemo = boundedMemo(PHONE_MEMO_LIMIT, 64, (key: string): string | null => {
  const bar = key.indexOf('|');
  const region = key.slice(0, bar);
  return parseValid(key.slice(bar + 1), region === '' ? undefined : (region as CountryCode));
});

/** Forgets the memoised phone parses (a benchmark's timed run starts cold). */
export const clearPhoneMemo = (): void => phoneMemo.clear();

/**
 * Separators carry no meaning to the parser: `(212) 395-6914`, `212.395.6914` and `2123956914` are one
 * spelling (`+` kept), so they share a memo entry. Text with letters (vanity numbers) is left as is.
 */
const canonicalSpelling = (text: string): string =>
  /[a-z]/i.test(text) ? text : (text.startsWith('+') ? '+' : '') + text.replace(/\D/g, '');

/**
 * The phone key: E.164 parsed with the lead's ISO-2 country as default region, extension dropped.
 * International prefixes (`0049…`, `010 81…`) and a missing `+` before the country code
 * (`33143181065`) are accepted; a number that does not parse as valid (full metadata) is None.
 */
export const normalisePhone = (
  raw: string | null | undefined,
  country: string | null | undefined,
): O.Option<string> => O.fromNullable(phoneOrNull(raw, country));

/** `normalisePhone` as a nullable value (the hot path's form: no Option allocated). */
export const phoneOrNull = (
  raw: string | null | undefined,
  country: string | null | undefined,
): string | null => {
  if (raw == null) return null;
  const trimmed = raw.trim();
  // Only text with letters or `#` can hold an extension marker.
  const text = /[a-z#]/i.test(trimmed) ? trimmed.replace(EXTENSION, '') : trimmed;
  if (!/\d/.test(text) || text.length > 40) return null;
  return phoneMemo.get(`${country ?? ''}|${canonicalSpelling(text)}`);
};
