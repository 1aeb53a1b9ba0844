import fc from 'fast-check';
import { batchGroups } from './batchGroups';

/** The connected components by brute force: repeatedly merge any two groups that share a token. */
const componentsByScan = (tokens: ReadonlyArray<ReadonlyArray<string>>): number[][] => {
  let groups = tokens.map((t, i) => ({ members: [i], tokens: new Set(t) }));
  for (let merged = true; merged;) {
    merged = false;
    outer: for (let a = 0; a < groups.length; a += 1)
      for (let b = a + 1; b < groups.length; b += 1)
        if ([...groups[b]!.tokens].some((t) => groups[a]!.tokens.has(t))) {
          const [ga, gb] = [groups[a]!, groups[b]!];
          groups[a] = {
            members: [...ga.members, ...gb.members],
            tokens: new Set([...ga.tokens, ...gb.tokens]),
          };
          groups = groups.filter((_, i) => i !== b);
          merged = true;
          break outer;
        }
  }
  return groups.map((g) => [...g.members].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
};

// Few distinct tokens, so that items overlap often and chains form.
const itemTokens = fc.array(
  fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 3 }),
  {
    maxLength: 30,
  },
);

describe('batchGroups', () => {
  it('gives the connected components of "shares a token", each in arrival order, ordered by first item', () => {
    fc.assert(
      fc.property(itemTokens, (tokens) => {
        expect(batchGroups(tokens)).toEqual(componentsByScan(tokens));
      }),
    );
  });

  it('keeps every item exactly once and never puts items sharing a token apart', () => {
    fc.assert(
      fc.property(itemTokens, (tokens) => {
        const groups = batchGroups(tokens);
        expect(groups.flat().sort((a, b) => a - b)).toEqual(tokens.map((_, i) => i));
        const groupOf = new Map(groups.flatMap((g, gi) => g.map((i) => [i, gi] as const)));
        tokens.forEach((a, i) =>
          tokens.forEach((b, j) => {
            if (a.some((t) => b.includes(t))) expect(groupOf.get(i)).toBe(groupOf.get(j));
          }),
        );
      }),
    );
  });

  it('links items through a chain: a-b, b-c puts the first and the last together', () => {
    expect(batchGroups([['e:x'], ['p:1'], ['e:x', 'p:2'], [], ['p:2', 'p:1']])).toEqual([[0, 1, 2, 4], [3]]);
  });
});
