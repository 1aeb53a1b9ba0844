/** A small seeded random source: the same seed gives the same sequence on every machine. */
export type Rng = {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** An integer in [0, n). */
  readonly int: (n: number) => number;
  /** An integer in [min, max]. */
  readonly between: (min: number, max: number) => number;
  readonly chance: (p: number) => boolean;
  readonly pick: <A>(items: ReadonlyArray<A>) => A;
  /** One of `items` chosen with the given weights. */
  readonly weighted: <A>(items: ReadonlyArray<readonly [A, number]>) => A;
  readonly shuffle: <A>(items: ReadonlyArray<A>) => A[];
  /** A string of `n` decimal digits. */
  readonly digits: (n: number) => string;
};

/** mulberry32: 32 bits of state, good enough spread for test data, trivially portable. */
export const createRng = (seed: number): Rng => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <A>(items: ReadonlyArray<A>): A => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(items.length)] as A;
  };
  const weighted = <A>(items: ReadonlyArray<readonly [A, number]>): A => {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [A, number])[0];
  };
  const shuffle = <A>(items: ReadonlyArray<A>): A[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j] as A, out[i] as A];
    }
    return out;
  };
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick,
    weighted,
    shuffle,
    digits: (n) => Array.from({ length: n }, () => String(int(10))).join(''),
  };
};
