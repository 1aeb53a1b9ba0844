import * as O from 'fp-ts/Option';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

/** libphonenumber-js throws on some inputs (e.g. too long); treat those as not a number. */
const parse = (text: string, region: CountryCode | undefined) => {
  try {
    return parsePhoneNumberFromString(text, region);
  } catch {
    return undefined;
  }
};

/**
 * SPEC 2 phone key: E.164 parsed with the lead's ISO-2 country as default region, extension dropped.
 * International prefixes (`0049…`, `010 81…`) and a missing `+` before the country code
 * (`33143181065`) are accepted; a number that does not parse as valid is None.
 */
export const normalisePhone = (
  raw: string | null | undefined,
  country: string | null | undefined,
): O.Option<string> => {
  if (raw == null) return O.none;
  const text = raw.trim().replace(EXTENSION, '');
  if (!/\d/.test(text) || text.length > 40) return O.none;
  const region = country == null ? undefined : (country as CountryCode);
  const direct = parse(text, region);
  if (direct !== undefined && direct.isValid()) return O.some(direct.number);
  // A bare number that is invalid nationally may be an international one written without `+`.
  if (!text.startsWith('+')) {
    const international = parse(`+${text.replace(/^\D+/, '')}`, undefined);
    if (international !== undefined && international.isValid()) return O.some(international.number);
  }
  return O.none;
};
