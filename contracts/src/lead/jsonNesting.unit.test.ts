import fc from 'fast-check';
import { jsonNestingDepth, MAX_JSON_NESTING, nestingError } from './jsonNesting';

// The depth by the parsed value, recursively: fine for the small values the property draws.
const depthOf = (value: unknown): number =>
  Array.isArray(value)
    ? 1 + Math.max(0, ...value.map(depthOf))
    : typeof value === 'object' && value !== null
      ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
      : 0;

describe('jsonNestingDepth', () => {
  it('is the depth of the parsed value, whatever strings and keys hold', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const text = JSON.stringify(value);
        expect(jsonNestingDepth(text)).toBe(depthOf(JSON.parse(text)));
      }),
    );
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a":"[[[{{\\"[[["}')).toBe(1);
    expect(jsonNestingDepth('"[[["')).toBe(0);
  });

  it('reads 3,000 levels (and a megabyte of them) without recursion, and JSON.parse survives them too', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    expect(jsonNestingDepth(deep)).toBe(3000);
    expect(() => JSON.parse(deep)).not.toThrow();
    expect(jsonNestingDepth('['.repeat(1_000_000))).toBe(1_000_000);
    expect(jsonNestingDepth('['.repeat(1_000_000), 64)).toBe(65);
  });

  it('names the limit for a text nested deeper, and nothing at the limit', () => {
    const at = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    expect(nestingError(at(MAX_JSON_NESTING))).toBeNull();
    expect(nestingError(at(MAX_JSON_NESTING + 1))).toEqual({
      path: '',
      message: expect.stringContaining(`${MAX_JSON_NESTING} levels`),
    });
  });
});
