import fc from 'fast-check';
import { emptyMap, getValue, setValue, type PersistentMap } from './persistentMap';

describe('persistentMap', () => {
  it('behaves like a Map and leaves older versions untouched', () => {
    const ops = fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 300 });
    fc.assert(
      fc.property(ops, (entries) => {
        const model = new Map<string, number>();
        const versions: Array<[PersistentMap<number>, Map<string, number>]> = [];
        let map = emptyMap<number>();
        for (const [key, value] of entries) {
          versions.push([map, new Map(model)]);
          map = setValue(map, key, value);
          model.set(key, value);
        }
        versions.push([map, model]);
        return versions.every(
          ([version, expected]) =>
            version.size === expected.size && [...expected].every(([k, v]) => getValue(version, k) === v),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('holds many keys, including hash collisions deep in the trie', () => {
    let map = emptyMap<number>();
    for (let i = 0; i < 20_000; i += 1) map = setValue(map, `k${i}`, i);
    expect(map.size).toBe(20_000);
    expect(getValue(map, 'k12345')).toBe(12345);
    expect(getValue(map, 'missing')).toBeUndefined();
  });
});
