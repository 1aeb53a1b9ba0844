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

  it('stays correct when any version is read or extended in any order (a tree of versions)', () => {
    const op = fc.tuple(fc.nat(), fc.string({ maxLength: 2 }), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const versions: Array<[PersistentMap<number>, Map<string, number>]> = [[emptyMap(), new Map()]];
        for (const [pick, key, value, write] of ops) {
          const [version, model] = versions[pick % versions.length] as [
            PersistentMap<number>,
            Map<string, number>,
          ];
          if (write) versions.push([setValue(version, key, value), new Map(model).set(key, value)]);
          else if (getValue(version, key) !== model.get(key) || version.size !== model.size) return false;
        }
        return versions.every(
          ([version, expected]) =>
            version.size === expected.size && [...expected].every(([k, v]) => getValue(version, k) === v),
        );
      }),
      { numRuns: 300 },
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
