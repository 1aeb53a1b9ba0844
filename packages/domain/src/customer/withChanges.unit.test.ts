import fc from 'fast-check';
import { mergeSummaries } from '../identity/identitySummary';
import { initialState, type CustomerState } from './state';
import { withChanges } from './withChanges';

const value = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), fc.boolean());
const keyOf = fc.constantFrom(...Object.keys(initialState()), 'extra');

describe('withChanges', () => {
  it('is the spread { ...state, ...changes }, key order included, for usual and unusual states', () => {
    const usual = fc
      .array(fc.tuple(keyOf, value), { maxLength: 6 })
      .map((entries) => ({ ...initialState(), ...Object.fromEntries(entries) }) as CustomerState);
    const unusual = fc
      .array(fc.tuple(keyOf, value), { maxLength: 25 })
      .map((entries) => Object.fromEntries(entries) as unknown as CustomerState);
    const changes = fc
      .array(fc.tuple(keyOf, value), { maxLength: 5 })
      .map((entries) => Object.fromEntries(entries) as Partial<CustomerState>);
    fc.assert(
      fc.property(fc.oneof(usual, unusual), changes, (state, change) => {
        const expected = JSON.stringify({ ...state, ...change });
        return JSON.stringify(withChanges(state, change)) === expected;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('mergeSummaries', () => {
  it('is the left side followed by what the right adds, in order (left itself when nothing is new)', () => {
    const list = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 });
    const names = fc.array(
      fc.record({
        name: fc.constantFrom('x', 'y'),
        company: fc.constantFrom('p', 'q'),
        country: fc.constantFrom('US', null),
      }),
      { maxLength: 3 },
    );
    const summary = fc.record({ emails: list, phones: list, names });
    fc.assert(
      fc.property(summary, summary, (left, right) => {
        const merged = mergeSummaries(left, right);
        const newOnes = <A>(l: ReadonlyArray<A>, r: ReadonlyArray<A>) =>
          r.filter((x) => !l.some((y) => JSON.stringify(y) === JSON.stringify(x)));
        const expected = {
          emails: [...left.emails, ...newOnes(left.emails, right.emails)],
          phones: [...left.phones, ...newOnes(left.phones, right.phones)],
          names: [...left.names, ...newOnes(left.names, right.names)],
        };
        const unchanged = JSON.stringify(expected) === JSON.stringify(left);
        return JSON.stringify(merged) === JSON.stringify(expected) && (merged === left) === unchanged;
      }),
      { numRuns: 1000 },
    );
  });
});
