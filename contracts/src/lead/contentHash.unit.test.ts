import fc from 'fast-check';
import { canonicalContent, contentHash, webhookContentKey } from './contentHash';

const recaseAndPad = (value: unknown, flips: ReadonlyArray<boolean>, pad: string): unknown => {
  if (typeof value === 'string') return `${pad}${value}${pad}`;
  if (Array.isArray(value)) return value.map((item) => recaseAndPad(item, flips, pad));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, item], index) => {
    const recased = [...key]
      .map((char, i) => (flips[(i + index) % flips.length] ? char.toUpperCase() : char.toLowerCase()))
      .join('');
    return [recased, recaseAndPad(item, flips, pad)] as const;
  });
  return Object.fromEntries(entries.reverse());
};

// Keys that stay distinct after lower-casing, so re-casing cannot merge two of them.
const jsonWithLowerKeys = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value')),
    fc.dictionary(
      fc.string().map((key) => key.toLowerCase()),
      tie('value'),
    ),
  ),
})).value;

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookContentKey({ a: 1 })).toBe(contentHash({ a: 1 }));
  });

  it('ignores key case, key order and surrounding whitespace of strings', () => {
    fc.assert(
      fc.property(
        jsonWithLowerKeys,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        fc.constantFrom('', ' ', '\t', '\n ', '\u00a0'),
        (value, flips, pad) => {
          expect(contentHash(recaseAndPad(value, flips, pad))).toBe(contentHash(value));
        },
      ),
    );
  });

  it('tells different content apart', () => {
    const lead = { UserDetails: { Email: 'a@b.c' }, LeadSource: 'AzureMarketplace', ActionCode: 'INS' };
    expect(contentHash(lead)).not.toBe(contentHash({ ...lead, ActionCode: 'PLT' }));
    expect(contentHash(lead)).not.toBe(contentHash({ ...lead, UserDetails: { Email: 'a @b.c' } }));
    expect(contentHash(['a', 'b'])).not.toBe(contentHash(['b', 'a']));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
  });

  it('keeps both values of keys equal after lower-casing, in a stable order', () => {
    expect(canonicalContent({ Email: 'x', email: 'y' })).toBe('{"email":"x","email":"y"}');
    expect(contentHash({ Email: 'x', email: 'y' })).toBe(contentHash({ email: 'y', EMAIL: 'x' }));
  });

  it('writes a canonical text with sorted lower-case keys and trimmed strings', () => {
    expect(canonicalContent({ B: ' x ', a: [1, null, true], c: undefined })).toBe(
      '{"a":[1,null,true],"b":"x"}',
    );
  });

  it('never throws on anything JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(value)).toHaveLength(64);
      }),
    );
  });
});

describe('canonicalContent of a string', () => {
  it('is JSON.stringify of the trimmed string, for any string', () => {
    const special = fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      '\ud800',
      '\udc00',
      '😀',
      'é',
    );
    const mixed = fc
      .array(fc.oneof(special, fc.string({ maxLength: 3 })), { maxLength: 6 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(mixed, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => canonicalContent(text) === JSON.stringify(text.trim()),
      ),
      { numRuns: 3000 },
    );
  });
});
