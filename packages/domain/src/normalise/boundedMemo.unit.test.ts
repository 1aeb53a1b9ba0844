import fc from 'fast-check';
import * as O from 'fp-ts/Option';
import { boundedMemo } from './boundedMemo';
import { clearNormaliseMemos, normaliseCustomer } from './customer';
import { normalisePhone } from './phone';

describe('boundedMemo', () => {
  it('answers what the function answers, through evictions and long keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 200 }), fc.nat(8), (keys, limit) => {
        let calls = 0;
        const f = (key: string) => {
          calls += 1;
          return key.length === 0 ? undefined : `${key}!`;
        };
        const memo = boundedMemo(limit + 1, 4, f);
        const same = keys.every((key) => memo.get(key) === f(key));
        return same && calls > 0 === keys.length > 0;
      }),
    );
  });

  it('remembers a value (undefined included) until cleared', () => {
    let calls = 0;
    const memo = boundedMemo(10, 10, (key: string) => {
      calls += 1;
      return key === 'none' ? undefined : key.length;
    });
    expect([memo.get('abc'), memo.get('abc'), memo.get('none'), memo.get('none')]).toEqual([
      3,
      3,
      undefined,
      undefined,
    ]);
    expect(calls).toBe(2);
    memo.clear();
    memo.get('abc');
    expect(calls).toBe(3);
  });
});

const phoneText = fc.oneof(
  fc.stringMatching(/^\+?[0-9 ().-]{0,18}$/),
  fc.constantFrom('+1 617 555 5555', '0049303142329', '(212) 395-6914 ext. 12', '01 43 18 10 65', 'x'),
);
const country = fc.constantFrom('US', 'DE', 'FR', 'GB', 'JP', 'IN', 'XX', null);

describe('normaliser memos', () => {
  it('a memoised answer is the cold answer, whatever came before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(phoneText, country), { maxLength: 30 }), (inputs) => {
        const warm = inputs.map(([raw, c]) => O.toNullable(normalisePhone(raw, c)));
        const cold = inputs.map(([raw, c]) => {
          clearNormaliseMemos();
          return O.toNullable(normalisePhone(raw, c));
        });
        return JSON.stringify(warm) === JSON.stringify(cold);
      }),
      { numRuns: 200 },
    );
  });

  it('normaliseCustomer answers the same warm and cold', () => {
    const customer = fc.record({
      firstName: fc.option(fc.constantFrom('Noah', ' Chloé ', 'MARÍA', 'Ｊａｎｅ'), { nil: null }),
      lastName: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      email: fc.option(fc.constantFrom('a@x.com', 'A.B+x@gmail.com'), { nil: null }),
      phone: fc.option(phoneText, { nil: null }),
      country: fc.option(fc.constantFrom('US', 'USA', 'Germany', 'fr'), { nil: null }),
      company: fc.option(fc.constantFrom('Contoso, Inc.', 'Fabrikam GmbH', 'AG', 'Ｃｏ．'), { nil: null }),
      title: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 20 }), (customers) => {
        const warm = customers.map(normaliseCustomer);
        const cold = customers.map((c) => {
          clearNormaliseMemos();
          return normaliseCustomer(c);
        });
        return JSON.stringify(warm) === JSON.stringify(cold);
      }),
      { numRuns: 100 },
    );
  });
});
