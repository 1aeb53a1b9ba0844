import fc from 'fast-check';
import * as O from 'fp-ts/Option';
import { normaliseCompany } from './company';
import { normaliseCountry } from './country';
import { normaliseCustomer } from './customer';
import { normaliseEmail } from './email';
import { joinNames, normaliseName } from './name';
import { normalisePhone } from './phone';

/** normaliseCustomer spelled with the public Option-returning normalisers (its definition before the hot path's nullable forms). */
const composed = (raw: Parameters<typeof normaliseCustomer>[0]) => {
  const country = O.toNullable(normaliseCountry(raw.country));
  const firstName = normaliseName(raw.firstName);
  const lastName = normaliseName(raw.lastName);
  return {
    email: O.toNullable(normaliseEmail(raw.email)),
    phone: O.toNullable(normalisePhone(raw.phone, country)),
    country,
    firstName: O.toNullable(firstName),
    lastName: O.toNullable(lastName),
    fullName: O.toNullable(joinNames(firstName, lastName)),
    company: O.toNullable(normaliseCompany(raw.company)),
  };
};

const maybe = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme-composite' }),
  fc.constant(''),
  fc.constant('  '),
);
const raw = fc.record({
  firstName: maybe(fc.oneof(text, fc.constantFrom('Noah', ' Chloé ', 'MARÍA', 'Léa'))),
  lastName: maybe(fc.oneof(text, fc.constantFrom('Tanaka', 'Schäfer', 'Lefèvre', ''))),
  email: maybe(fc.oneof(text, fc.emailAddress(), fc.constantFrom('Noah.T+x@GoogleMail.com', 'a@b@c'))),
  phone: maybe(
    fc.oneof(
      text,
      fc.stringMatching(/^\+?[0-9 ().-]{6,18}$/),
      fc.constantFrom('(212) 395-6914', '0049303142329', '+44 20 7946 0000 ext. 12', '33143181065'),
    ),
  ),
  country: maybe(fc.oneof(text, fc.constantFrom('US', 'usa', 'Germany', 'U.K.', 'JP', 'France', 'xx'))),
  company: maybe(
    fc.oneof(text, fc.constantFrom('Contoso, Inc.', 'Fabrikam GmbH', 'LLC', 'Tailspin Toys Ltd')),
  ),
  title: maybe(text),
});

describe('normaliseCustomer', () => {
  it('equals the field-by-field composition of the public normalisers, key order included', () => {
    fc.assert(
      fc.property(raw, (r) => {
        expect(JSON.stringify(normaliseCustomer(r))).toBe(JSON.stringify(composed(r)));
      }),
      { numRuns: 3000 },
    );
  });
});
