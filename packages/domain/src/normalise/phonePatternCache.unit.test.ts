// leadflow patches libphonenumber-js (patches/libphonenumber-js@*.patch) to compile each metadata pattern
// once instead of on every call. These tests hold the patched helpers to the unpatched behaviour: a
// newly built RegExp per call, for every pattern of the full metadata.
import fc from 'fast-check';
import path from 'node:path';

const lib = path.dirname(require.resolve('libphonenumber-js/max'));
/* eslint-disable @typescript-eslint/no-require-imports -- deep helpers are not in the package's exports */
const matchesEntirely = require(path.join(lib, '../build/helpers/matchesEntirely.js')).default as (
  text: string,
  pattern: string,
) => boolean;
const metadata = require(path.join(lib, '../metadata.max.json')) as unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every string of the metadata that compiles as a pattern (most of them are). */
const patterns = (() => {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      try {
        new RegExp(`^(?:${value})$`);
        found.add(value);
      } catch {
        // not a pattern
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(metadata);
  return [...found];
})();

const fresh = (text: string, pattern: string) => new RegExp(`^(?:${pattern})$`).test(text);

describe('libphonenumber-js pattern cache (patched)', () => {
  it('covers the metadata: thousands of patterns', () => {
    expect(patterns.length).toBeGreaterThan(1000);
  });

  it('matchesEntirely answers as a new RegExp per call would, first call and cached calls alike', () => {
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.stringMatching(/^[0-9]{0,17}$/), (pattern, digits) => {
        const expected = fresh(digits, pattern);
        expect(matchesEntirely(digits, pattern)).toBe(expected);
        expect(matchesEntirely(digits, pattern)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('a matching text after a failing one (and back) is still judged alone: no state between calls', () => {
    let matched = 0;
    for (const pattern of patterns) {
      for (const text of ['', '0', '1', '12', '2125550100', '44207946000', '0'.repeat(17)]) {
        const expected = fresh(text, pattern);
        expect(matchesEntirely(text, pattern)).toBe(expected);
        if (expected) matched += 1;
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
