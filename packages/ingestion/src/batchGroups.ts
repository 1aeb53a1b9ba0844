/**
 * The items of a batch that must be written one after the other: items sharing a token (a dedup key,
 * an identity key), directly or through other items, form one group. Returns the groups as item
 * indexes, each group in arrival order and the groups by their first item. Union-find over the
 * tokens, near linear in their number.
 */
export const batchGroups = (tokens: ReadonlyArray<ReadonlyArray<string>>): number[][] => {
  const parent = tokens.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    // Path compression: later finds on this chain take one step.
    for (let j = i; parent[j] !== r;) {
      const next = parent[j]!;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  const owner = new Map<string, number>();
  tokens.forEach((itemTokens, i) => {
    for (const token of itemTokens) {
      const first = owner.get(token);
      if (first === undefined) {
        owner.set(token, i);
        continue;
      }
      const [a, b] = [root(first), root(i)];
      // The smaller index stays the root, so a group's root is its first item.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, number[]>();
  tokens.forEach((_, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group === undefined) groups.set(r, [i]);
    else group.push(i);
  });
  return [...groups.values()];
};
