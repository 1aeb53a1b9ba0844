const TEST_MARKER = 'msft_test';

/**
 * Whether a trimmed, lower-cased text starts with the marker. Lower-casing the first
 * `TEST_MARKER.length` units alone decides it: no character lower-cases into these ASCII letters
 * but themselves and their capitals, and a prefix lower-cases to a prefix.
 */
const startsWithMarker = (text: string): boolean => {
  // Most texts start with printable ASCII other than `m`/`M`: not white space, so trimming keeps it first.
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f && first !== 0x4d && first !== 0x6d) return false;
  const trimmed = text.trim();
  return (
    trimmed.length >= TEST_MARKER.length && trimmed.slice(0, TEST_MARKER.length).toLowerCase() === TEST_MARKER
  );
};

const anyStringWithMarker = (value: unknown): boolean => {
  if (typeof value === 'string') return startsWithMarker(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(anyStringWithMarker);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (anyStringWithMarker(record[key])) return true;
  return false;
};

/** True when any string anywhere in `value` starts with `MSFT_TEST` (the marketplace's publish-time test lead). */
export const hasTestMarker = (value: unknown): boolean => anyStringWithMarker(value);
