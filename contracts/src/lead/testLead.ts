const TEST_MARKER = 'msft_test';

const collectStrings = (value: unknown, into: string[]): string[] => {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (typeof value === 'object' && value !== null)
    Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
};

/** True when any string anywhere in `value` starts with `MSFT_TEST` (the marketplace's publish-time test lead). */
export const hasTestMarker = (value: unknown): boolean =>
  collectStrings(value, []).some((text) => text.trim().toLowerCase().startsWith(TEST_MARKER));
