import * as t from 'io-ts';

/**
 * A string that may be missing, null or blank: decodes to the trimmed string, or null when missing,
 * null or empty after trimming. Any other type fails.
 */
export const LenientString = new t.Type<string | null, string | null, unknown>(
  'string or null',
  (u): u is string | null => u === null || (typeof u === 'string' && u.trim() !== '' && u.trim() === u),
  (u, context) => {
    if (u === undefined || u === null) return t.success(null);
    if (typeof u !== 'string') return t.failure(u, context);
    const trimmed = u.trim();
    return t.success(trimmed === '' ? null : trimmed);
  },
  t.identity,
);
export type LenientString = t.TypeOf<typeof LenientString>;

/** Trims a string and turns a blank one into null (null stays null). */
export const trimToNull = (value: string | null | undefined): string | null => {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
