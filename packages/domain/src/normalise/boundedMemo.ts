/**
 * A bounded memo of a pure function of one string: the same spellings recur from lead to lead,
 * and a pure function's memo changes no result, only the time. When full it starts over, which
 * keeps the memory bounded without bookkeeping per hit; keys longer than `maxKeyLength` are
 * computed every time, so one entry stays small (about 100-200 bytes).
 */
export type BoundedMemo<A> = {
  /** The function's value for `key`, computed on the first call and remembered. */
  readonly get: (key: string) => A;
  /** Forgets every remembered value (benchmarks and tests start cold). */
  readonly clear: () => void;
};

/** Memoises `compute` for at most `limit` distinct keys of at most `maxKeyLength` characters. */
export const boundedMemo = <A>(
  limit: number,
  maxKeyLength: number,
  compute: (key: string) => A,
): BoundedMemo<A> => {
  let memo = new Map<string, A>();
  const get = (key: string): A => {
    if (key.length > maxKeyLength) return compute(key);
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as A;
    const value = compute(key);
    if (memo.size >= limit) memo = new Map();
    memo.set(key, value);
    return value;
  };
  return { get, clear: () => (memo = new Map()) };
};
