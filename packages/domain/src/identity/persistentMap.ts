/**
 * A persistent (immutable to its users) string-keyed map with O(1) access to the version in use:
 * Baker's "rerooting" trick. All versions of one lineage share one mutable `Map`, which holds the
 * version touched last; every other version is a chain of single-key differences leading to it.
 * Touching an older version first replays the differences back (O(distance)), so old versions stay
 * valid and unchanged, but a write path that always moves forward pays one `Map` operation per
 * call and allocates one small node per `set`, where a trie copies a path of nodes.
 */
const ABSENT: unique symbol = Symbol('absent');

/** One version: `map` when it is the version the shared Map holds, else the difference to `next`. */
type Version<V> = {
  readonly size: number;
  map: Map<string, V> | null;
  key: string;
  value: V | typeof ABSENT;
  next: Version<V> | null;
};

declare const valueType: unique symbol;

/** An immutable map from strings to V; every `setValue` returns a new version. */
export type PersistentMap<V> = { readonly size: number; readonly [valueType]?: V };

const versionOf = <V>(map: PersistentMap<V>): Version<V> => map as Version<V>;

/** The empty map. */
export const emptyMap = <V>(): PersistentMap<V> => {
  const empty: Version<V> = { size: 0, map: new Map(), key: '', value: ABSENT, next: null };
  return empty;
};

/** Makes `version` the one the shared Map holds, turning the path it came from into differences. */
const reroot = <V>(version: Version<V>): Map<string, V> => {
  if (version.map !== null) return version.map;
  const path: Array<Version<V>> = [];
  let current: Version<V> = version;
  while (current.map === null) {
    path.push(current);
    current = current.next as Version<V>;
  }
  const map = current.map;
  // From the version next to the current one back to `version`: apply its difference, record the inverse.
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const diff = path[i] as Version<V>;
    const { key, value } = diff;
    const previous = map.has(key) ? (map.get(key) as V) : ABSENT;
    if (value === ABSENT) map.delete(key);
    else map.set(key, value);
    current.map = null;
    current.key = key;
    current.value = previous;
    current.next = diff;
    diff.map = map;
    diff.next = null;
    diff.value = ABSENT;
    current = diff;
  }
  return map;
};

/** The value stored under `key`, or undefined. */
export const getValue = <V>(map: PersistentMap<V>, key: string): V | undefined =>
  reroot(versionOf(map)).get(key);

/** A new map with `key` set to `value`; the given map is unchanged. */
export const setValue = <V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> => {
  const old = versionOf(map);
  const shared = reroot(old);
  const had = shared.has(key);
  const previous = had ? (shared.get(key) as V) : ABSENT;
  shared.set(key, value);
  const next: Version<V> = {
    size: had ? old.size : old.size + 1,
    map: shared,
    key: '',
    value: ABSENT,
    next: null,
  };
  old.map = null;
  old.key = key;
  old.value = previous;
  old.next = next;
  return next;
};
