import fc from 'fast-check';
import * as O from 'fp-ts/Option';
import { normaliseCompany } from './company';
import { normaliseCountry } from './country';
import { normaliseEmail } from './email';
import { normaliseName } from './name';
import { normalisePhone } from './phone';

const twiceIsOnce = (f: (s: string) => O.Option<string>) => (s: string) => {
  const once = f(s);
  return O.isNone(once) || O.getEq({ equals: (a: string, b: string) => a === b }).equals(f(once.value), once);
};

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' }));
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'IN', 'BR', 'AU', null] as const;

describe('normalisation', () => {
  it('email: trims, lowercases, drops +tag, unifies gmail', () => {
    expect(normaliseEmail('  Noah.Tanaka53+mkt@OUTLOOK.com ')).toEqual(O.some('noah.tanaka53@outlook.com'));
    expect(normaliseEmail('camille.nguyen+x@googlemail.com')).toEqual(O.some('camillenguyen@gmail.com'));
    expect(normaliseEmail('no-at-sign.example')).toEqual(O.none);
    expect(normaliseEmail('two words@contoso.com')).toEqual(O.none);
    expect(normaliseEmail('a@b@c')).toEqual(O.none);
    expect(normaliseEmail('')).toEqual(O.none);
  });

  it('phone: E.164 with the country as default region, international spellings, extension dropped', () => {
    const cases: ReadonlyArray<[string, string | null, string | null]> = [
      ['0049303142329', 'DE', '+49303142329'],
      ['01081324077494', 'JP', '+81324077494'],
      ['33143181065', 'FR', '+33143181065'],
      ['16175555555', 'US', '+16175555555'],
      ['617.750.7650', 'US', '+16177507650'],
      ['(212) 395-6914 ext. 12', 'US', '+12123956914'],
      ['01 43 18 10 65', 'FR', '+33143181065'],
      ['+91 91099 77894', null, '+919109977894'],
      ['1234567890', 'US', null],
      ['not a number', 'US', null],
    ];
    for (const [raw, country, expected] of cases) {
      expect([raw, O.toNullable(normalisePhone(raw, country))]).toEqual([raw, expected]);
    }
  });

  it('country: names, ISO-3 and ISO-2 to ISO-2', () => {
    for (const [raw, iso] of [
      ['USA', 'US'],
      ['United States', 'US'],
      ['us', 'US'],
      ['UK', 'GB'],
      ['Germany', 'DE'],
      ['JPN', 'JP'],
      ['India', 'IN'],
      ['U.S.A.', 'US'],
      [' france ', 'FR'],
    ] as const) {
      expect([raw, normaliseCountry(raw)]).toEqual([raw, O.some(iso)]);
    }
    expect(normaliseCountry('Atlantis')).toEqual(O.none);
  });

  it('names and companies: NFKC, case-fold, no diacritics, single spaces, no legal suffix', () => {
    expect(normaliseName('  EMMA   Schäfer ')).toEqual(O.some('emma schafer'));
    expect(normaliseName('Ｆｒａｎçoise')).toEqual(O.some('francoise'));
    expect(normaliseCompany('fabrikam, Inc.')).toEqual(O.some('fabrikam'));
    expect(normaliseCompany('Wingtip Toys Corporation')).toEqual(O.some('wingtip toys'));
    expect(normaliseCompany('Contoso Pty Ltd')).toEqual(O.some('contoso'));
    expect(normaliseCompany('Fabrikam B.V.')).toEqual(O.some('fabrikam'));
    expect(normaliseCompany('  Adventure  Works  plc')).toEqual(O.some('adventure works'));
    expect(normaliseCompany('AG')).toEqual(O.some('ag'));
  });

  it('normalising twice is normalising once', () => {
    fc.assert(fc.property(text, twiceIsOnce(normaliseName)), { numRuns: 500 });
    fc.assert(fc.property(text, twiceIsOnce(normaliseCompany)), { numRuns: 500 });
    fc.assert(fc.property(text, twiceIsOnce(normaliseCountry)), { numRuns: 300 });
    const emailish = fc
      .tuple(
        text,
        fc.constantFrom('+tag', '', '.x'),
        fc.constantFrom('@gmail.com', '@GoogleMail.com', '@Contoso.com', ''),
      )
      .map(([a, b, c]) => `${a}${b}${c}`);
    fc.assert(fc.property(fc.oneof(text, emailish), twiceIsOnce(normaliseEmail)), { numRuns: 500 });
  });

  it('phone normalisation is idempotent for every country', () => {
    const phone = fc
      .tuple(
        fc.constantFrom('', '+', '00', '0', '011', '010'),
        fc.stringMatching(/^[0-9 ().-]{6,16}$/),
        fc.constantFrom(...COUNTRIES),
      )
      .map(([prefix, digits, country]) => ({ raw: `${prefix}${digits}`, country }));
    fc.assert(
      fc.property(phone, ({ raw, country }) => twiceIsOnce((s) => normalisePhone(s, country))(raw)),
      { numRuns: 300 },
    );
  });
});
