import type { SqlExecutor } from '@leadflow/eventstore';

/** Hops followed from a merged customer to its survivor (as the read API does). */
const MAX_HOPS = 8;
const CACHED_IDS = 50_000;

/** Resolves customer ids to their survivors after merges, through the read model. */
export type SurvivorResolver = (ids: ReadonlyArray<string>) => Promise<ReadonlyMap<string, string>>;

/** Every id is its own survivor: when no read model is at hand. */
export const identityResolver: SurvivorResolver = async (ids) => new Map(ids.map((id) => [id, id]));

/**
 * Resolves a page's customer ids in a few statements: the alias table first, then `merged_into` hops
 * for a survivor that was itself merged later. Answers are cached (bounded) for the export's length.
 */
export const readModelResolver = (executor: SqlExecutor, readSchema: string): SurvivorResolver => {
  const cache = new Map<string, string>();
  const remember = (id: string, survivor: string) => {
    if (cache.size >= CACHED_IDS) cache.delete(cache.keys().next().value as string);
    cache.set(id, survivor);
  };
  return async (ids) => {
    const result = new Map<string, string>();
    const unknown = [...new Set(ids.filter((id) => !cache.has(id)))];
    if (unknown.length > 0) {
      const aliased = await executor.query<{ alias_id: string; customer_id: string }>(
        `SELECT alias_id, customer_id FROM ${readSchema}.aliases WHERE alias_id = ANY ($1::text[])`,
        [unknown],
      );
      const target = new Map(unknown.map((id) => [id, id]));
      for (const row of aliased) target.set(row.alias_id, row.customer_id);
      let pending = [...new Set(target.values())];
      const next = new Map<string, string>();
      for (let hop = 0; hop < MAX_HOPS && pending.length > 0; hop += 1) {
        const merged = await executor.query<{ customer_id: string; merged_into: string }>(
          `SELECT customer_id, merged_into FROM ${readSchema}.customers
            WHERE customer_id = ANY ($1::text[]) AND status = 'merged' AND merged_into IS NOT NULL`,
          [pending],
        );
        for (const row of merged) next.set(row.customer_id, row.merged_into);
        pending = merged.map((row) => row.merged_into).filter((id) => !next.has(id));
      }
      const follow = (id: string): string => {
        let current = id;
        for (let hop = 0; hop < MAX_HOPS; hop += 1) {
          const further = next.get(current);
          if (further === undefined || further === current) return current;
          current = further;
        }
        return current;
      };
      for (const id of unknown) remember(id, follow(target.get(id) ?? id));
    }
    for (const id of ids) result.set(id, cache.get(id) ?? id);
    return result;
  };
};
