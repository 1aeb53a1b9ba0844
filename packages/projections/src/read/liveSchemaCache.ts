import type { SqlExecutor } from '@leadflow/eventstore';
import { liveSchemaOf, type ReadModelLocation } from '../schema/pointer';

/** The live read schema, re-read from the pointer at most every `ttlMs` (a switch is seen within that time). */
export const liveSchemaCache = (executor: SqlExecutor, location: ReadModelLocation, ttlMs = 500) => {
  let cached: { schema: string; at: number } | undefined;
  return async (): Promise<string> => {
    const now = Date.now();
    if (cached && now - cached.at < ttlMs) return cached.schema;
    const schema = await liveSchemaOf(executor, location);
    if (schema === null) throw new Error(`read model ${location.base}/${location.name} does not exist yet`);
    cached = { schema, at: now };
    return schema;
  };
};
