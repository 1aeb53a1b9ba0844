import type { SqlExecutor } from '@leadflow/eventstore';
import { type ReadModelLocation } from '../schema/pointer';
/** The live read schema, re-read from the pointer at most every `ttlMs` (a switch is seen within that time). */
export declare const liveSchemaCache: (
  executor: SqlExecutor,
  location: ReadModelLocation,
  ttlMs?: number,
) => () => Promise<string>;
//# sourceMappingURL=liveSchemaCache.d.ts.map
