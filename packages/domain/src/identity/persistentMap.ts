/**
 * A persistent (immutable, structurally shared) string-keyed hash map: a hash array mapped trie.
 * `set` copies only the ≤ 7 small nodes on the key's path, so old versions stay valid and cheap.
 */
type Leaf<V> = { readonly kind: 'leaf'; readonly hash: number; readonly key: string; readonly value: V };
type Collision<V> = {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: ReadonlyArray<Leaf<V>>;
};
type Branch<V> = {
  readonly kind: 'branch';
  readonly bitmap: number;
  readonly children: ReadonlyArray<Node<V>>;
};
type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

export type PersistentMap<V> = { readonly root: Branch<V>; readonly size: number };

const BITS = 5;
const MASK = 31;
const MAX_DEPTH = 7;

/** FNV-1a over UTF-16 code units: fast and well spread for short keys. */
const hashString = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

const popcount = (n: number): number => {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
};

const fragment = (hash: number, depth: number): number => (hash >>> (depth * BITS)) & MASK;

const emptyBranch: Branch<never> = { kind: 'branch', bitmap: 0, children: [] };

/** The empty map. */
export const emptyMap = <V>(): PersistentMap<V> => ({ root: emptyBranch, size: 0 });

const lookup = <V>(node: Node<V>, hash: number, key: string, depth: number): V | undefined => {
  let current: Node<V> | undefined = node;
  let d = depth;
  while (current !== undefined) {
    if (current.kind === 'leaf') return current.key === key ? current.value : undefined;
    if (current.kind === 'collision') return current.leaves.find((l) => l.key === key)?.value;
    const bit = 1 << fragment(hash, d);
    if ((current.bitmap & bit) === 0) return undefined;
    current = current.children[popcount(current.bitmap & (bit - 1))];
    d += 1;
  }
  return undefined;
};

/** The value stored under `key`, or undefined. */
export const getValue = <V>(map: PersistentMap<V>, key: string): V | undefined =>
  lookup(map.root, hashString(key), key, 0);

/** A node holding `a` (a leaf or a collision node) and the new leaf `b`, whose key differs. */
const pair = <V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, depth: number): Node<V> => {
  if (depth >= MAX_DEPTH || a.hash === b.hash) {
    const leaves = a.kind === 'leaf' ? [a, b] : [...a.leaves, b];
    return { kind: 'collision', hash: a.hash, leaves };
  }
  const fa = fragment(a.hash, depth);
  const fb = fragment(b.hash, depth);
  if (fa === fb) return { kind: 'branch', bitmap: 1 << fa, children: [pair(a, b, depth + 1)] };
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
};

type Inserted<V> = { node: Node<V>; added: boolean };

/** A copy of `items` with `item` inserted at `position`, in one allocation. */
const insertAt = <A>(items: ReadonlyArray<A>, position: number, item: A): A[] => {
  const copy = new Array<A>(items.length + 1);
  for (let i = 0; i < position; i += 1) copy[i] = items[i] as A;
  copy[position] = item;
  for (let i = position; i < items.length; i += 1) copy[i + 1] = items[i] as A;
  return copy;
};

const insert = <V>(node: Node<V>, leaf: Leaf<V>, depth: number): Inserted<V> => {
  if (node.kind === 'leaf') {
    if (node.key === leaf.key) return { node: leaf, added: false };
    return { node: pair(node, leaf, depth), added: true };
  }
  if (node.kind === 'collision') {
    const index = node.leaves.findIndex((l) => l.key === leaf.key);
    if (index < 0) return { node: pair(node, leaf, depth), added: true };
    const leaves = node.leaves.map((l, i) => (i === index ? leaf : l));
    return { node: { ...node, leaves }, added: false };
  }
  const bit = 1 << fragment(leaf.hash, depth);
  const position = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    const children = insertAt(node.children, position, leaf);
    return { node: { kind: 'branch', bitmap: node.bitmap | bit, children }, added: true };
  }
  const child = node.children[position] as Node<V>;
  const inserted = insert(child, leaf, depth + 1);
  const children = node.children.slice();
  children[position] = inserted.node;
  return { node: { kind: 'branch', bitmap: node.bitmap, children }, added: inserted.added };
};

/** A new map with `key` set to `value`; the given map is unchanged. */
export const setValue = <V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> => {
  const leaf: Leaf<V> = { kind: 'leaf', hash: hashString(key), key, value };
  const { node, added } = insert(map.root, leaf, 0);
  return { root: node as Branch<V>, size: added ? map.size + 1 : map.size };
};
