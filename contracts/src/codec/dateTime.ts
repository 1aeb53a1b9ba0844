import { constrainedString } from './schemaCodec';

const COMMON_YEAR_DATE =
  '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
// Gregorian leap years: divisible by 4 but not by 100, or divisible by 400.
const LEAP_DAY = '(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?';
const OFFSET = '(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';

/**
 * RFC 3339 date-time (the internet profile of ISO 8601) as a regex source: seconds and an offset
 * required, calendar-valid dates (leap years included), no leap seconds. ajv and the codec share it.
 */
export const RFC3339_DATE_TIME_PATTERN = `^(?:${COMMON_YEAR_DATE}|${LEAP_DAY})T${TIME}${OFFSET}$`;

/** An RFC 3339 date-time string such as `2026-09-26T18:39:50Z`; `description` goes into the JSON Schema. */
export const rfc3339DateTime = (description?: string) =>
  constrainedString({
    name: 'RFC 3339 date-time string (e.g. 2026-09-26T18:39:50Z)',
    description,
    pattern: RFC3339_DATE_TIME_PATTERN,
    format: 'date-time',
  });

/** An RFC 3339 date-time string such as `2026-09-26T18:39:50Z` or `2026-09-26T20:39:50.123+02:00`. */
export const Rfc3339DateTime = rfc3339DateTime();

/** Formats a Date as RFC 3339 in UTC with milliseconds (what `Date.prototype.toISOString` gives). */
export const toRfc3339 = (date: Date): string => date.toISOString();
