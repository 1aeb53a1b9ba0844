import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { malformedQueryParams, parseDay, parseTimestamp, TextParam } from './queryParams';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('date parameters', () => {
  it('accepts exactly the days of the calendar from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          // The independent oracle: a real day survives a round trip through a UTC date unchanged.
          const date = new Date(Date.UTC(2000, m - 1, d));
          date.setUTCFullYear(y);
          const real = y >= 1 && m >= 1 && m <= 12 && d >= 1 && date.toISOString().slice(0, 10) === text;
          expect(parseDay(text)).toBe(real ? text : undefined);
        },
      ),
    );
  });

  it('refuses impossible days and anything that is not YYYY-MM-DD', () => {
    for (const bad of [
      '2026-02-30',
      '0000-01-01',
      '2025-02-29',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '+02026-01-01',
    ])
      expect(parseDay(bad)).toBeUndefined();
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
  });

  it('reads timestamps to UTC and refuses impossible ones', () => {
    expect(parseTimestamp('2026-03-01T10:00:00+02:00')).toBe('2026-03-01T08:00:00.000Z');
    expect(parseTimestamp('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '0000-01-01',
      '0001-01-01T00:00:00+01:00', // year 0 in UTC
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60Z',
      '2026-01-01T10:00:00+25:00',
      '275760-09-13',
      'tomorrow',
    ])
      expect(parseTimestamp(bad)).toBeUndefined();
  });

  it('gives every instant of years 1 to 9999 back unchanged, in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseTimestamp(date.toISOString())).toBe(date.toISOString());
        },
      ),
    );
  });
});

describe('text parameters', () => {
  it('refuses U+0000 and unpaired surrogates, and never repeats the value', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('\u0000', '\ud800', '\udfff'),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (before, bad, after) => {
          const decoded = TextParam.decode(`${before}${bad}${after}`);
          expect(decoded).toEqual(
            E.left([
              expect.objectContaining({ message: 'expected text without U+0000 or unpaired surrogates' }),
            ]),
          );
        },
      ),
    );
    expect(TextParam.decode('ada@contoso.com')).toEqual(E.right('ada@contoso.com'));
  });
});

describe('malformedQueryParams', () => {
  it('names the parameters whose escapes are not UTF-8', () => {
    expect(malformedQueryParams('/v1/customers?q=%FF&limit=5')).toEqual([
      { path: '/query/q', message: 'expected percent-encoded UTF-8' },
    ]);
    expect(malformedQueryParams('/v1/customers?q=%ED%A0%80').map((e) => e.path)).toEqual(['/query/q']);
    expect(malformedQueryParams('/v1/customers?q=50%').map((e) => e.path)).toEqual(['/query/q']);
    expect(malformedQueryParams('/v1/customers?q=caf%C3%A9&x=a+b&&')).toEqual([]);
    expect(malformedQueryParams('/v1/customers')).toEqual([]);
  });

  it('accepts whatever encodeURIComponent makes of well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (name, value) => {
        expect(malformedQueryParams(`/x?${encodeURIComponent(name)}=${encodeURIComponent(value)}`)).toEqual(
          [],
        );
      }),
    );
  });
});
