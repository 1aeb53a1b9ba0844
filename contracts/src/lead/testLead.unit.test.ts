import fc from 'fast-check';
import { hasTestMarker } from './testLead';

describe('hasTestMarker', () => {
  it('is "trimmed, lower-cased text starts with msft_test" for any string', () => {
    const prefix = fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\ufeff', '\u2028', 'x', 'M', 'm');
    const marker = fc.constantFrom('MSFT_TEST', 'msft_test', 'Msft_Test', 'MSFT-TEST', 'MSFT_TES', '');
    const text = fc.tuple(prefix, prefix, marker, fc.string({ maxLength: 4 })).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string(), fc.string({ unit: 'binary' })),
        (s) => hasTestMarker(s) === s.trim().toLowerCase().startsWith('msft_test'),
      ),
      { numRuns: 2000 },
    );
  });

  it('looks into nested objects and arrays, never at other values', () => {
    expect(hasTestMarker({ a: [1, { b: ' MSFT_TEST lead' }] })).toBe(true);
    expect(hasTestMarker({ a: [1, true, null, { b: 'lead' }] })).toBe(false);
  });
});
