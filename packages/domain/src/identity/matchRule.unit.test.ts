import type { IdentitySummary } from '@leadflow/contracts';
import fc from 'fast-check';
import * as O from 'fp-ts/Option';
import { matchRule } from './matchRule';

const summary = (s: Partial<IdentitySummary>): IdentitySummary => ({
  emails: [],
  phones: [],
  names: [],
  ...s,
});
const ada = { name: 'ada lovelace', company: 'contoso', country: 'GB' };

const arbSummary: fc.Arbitrary<IdentitySummary> = fc.record({
  emails: fc.uniqueArray(fc.constantFrom('a@x.com', 'b@x.com', 'c@y.com'), { maxLength: 2 }),
  phones: fc.uniqueArray(fc.constantFrom('+4930111', '+4930222', '+1617555'), { maxLength: 2 }),
  names: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom('ada lovelace', 'alan turing'),
      company: fc.constantFrom('contoso', 'fabrikam'),
      country: fc.constantFrom('GB', 'US', null),
    }),
    { maxLength: 2, selector: (k) => `${k.name}|${k.company}|${k.country}` },
  ),
});

describe('matchRule (match rules 1-4)', () => {
  it('links by email, by phone without conflicting emails, by name+company without conflicts', () => {
    expect(
      matchRule(summary({ emails: ['a@x.com'] }), summary({ emails: ['a@x.com'], phones: ['+1'] })),
    ).toEqual(O.some('email'));
    expect(matchRule(summary({ phones: ['+1'] }), summary({ emails: ['a@x.com'], phones: ['+1'] }))).toEqual(
      O.some('phone'),
    );
    expect(matchRule(summary({ names: [ada] }), summary({ names: [{ ...ada, country: null }] }))).toEqual(
      O.some('name-company'),
    );
  });

  it('a shared switchboard with different emails is two people; different phones block the name rule', () => {
    expect(
      matchRule(
        summary({ emails: ['a@x.com'], phones: ['+1'] }),
        summary({ emails: ['b@x.com'], phones: ['+1'] }),
      ),
    ).toEqual(O.none);
    expect(
      matchRule(summary({ phones: ['+1'], names: [ada] }), summary({ phones: ['+2'], names: [ada] })),
    ).toEqual(O.none);
    expect(
      matchRule(
        summary({ emails: ['a@x.com'], names: [ada] }),
        summary({ emails: ['b@x.com'], names: [ada] }),
      ),
    ).toEqual(O.none);
    expect(matchRule(summary({ names: [ada] }), summary({ names: [{ ...ada, country: 'US' }] }))).toEqual(
      O.none,
    );
  });

  it('a record with no keys matches nothing (rule 4: its own anonymous customer)', () => {
    fc.assert(fc.property(arbSummary, (s) => O.isNone(matchRule(summary({}), s))));
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(arbSummary, arbSummary, (a, b) =>
        O.getEq({ equals: (x: string, y: string) => x === y }).equals(matchRule(a, b), matchRule(b, a)),
      ),
      { numRuns: 1000 },
    );
  });
});
