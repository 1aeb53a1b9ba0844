import fc from 'fast-check';
import { isStorable, storableCopy, unstorableStrings } from './storableText';
import { truncateUtf8 } from './rejectedStore';

describe('storable text', () => {
  it('finds U+0000 and unpaired surrogates by path, in keys and values', () => {
    expect(unstorableStrings({ a: 'ok', b: ['x', 'bad\u0000'], c: { '\ud800': 1 } })).toEqual([
      { path: '/b/1', message: expect.stringContaining('U+0000') },
      { path: '/c/\uFFFD', message: expect.stringContaining('key') },
    ]);
    expect(unstorableStrings({ emoji: '💥', rtl: 'שלום' })).toEqual([]);
  });

  it('walks deeply nested values without recursion', () => {
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 20_000; i += 1) deep = i % 2 === 0 ? [deep] : { k: deep };
    const found = unstorableStrings(deep);
    expect(found).toHaveLength(1);
    expect(found[0]!.path.split('/')).toHaveLength(20_001);
  });

  it('storableCopy always yields storable text and keeps storable text as is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const copy = storableCopy(text);
        expect(isStorable(copy)).toBe(true);
        if (isStorable(text)) expect(copy).toBe(text);
      }),
    );
  });
});

describe('truncateUtf8', () => {
  it('cuts to at most maxBytes without splitting a character, keeping a prefix', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0, max: 64 }), (text, max) => {
        const { body, truncated } = truncateUtf8(text, max);
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(
          Math.max(max, truncated ? 0 : Buffer.byteLength(text)),
        );
        expect(text.startsWith(body)).toBe(true);
        expect(truncated).toBe(Buffer.byteLength(text) > max);
      }),
    );
  });
});
