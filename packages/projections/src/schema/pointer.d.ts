import type { SqlExecutor } from '@leadflow/eventstore';
/** Where the read models live: `<base>.pointer` names the live generation schema of each projection. */
export interface ReadModelLocation {
  /** The base schema (holds the pointer table); generations are `<base>_g<n>`. */
  readonly base: string;
  /** The projection's name (one row of the pointer table). */
  readonly name: string;
}
/** The default base schema of the read models. */
export declare const DEFAULT_READ_SCHEMA = 'leadflow_read';
/** The projection that builds every read table of SPEC 7. */
export declare const CUSTOMERS_PROJECTION = 'customers';
/** The schema name of generation `n`. */
export declare const generationSchema: (base: string, n: number) => string;
/**
 * Creates the pointer table and, on first use, generation 1 as the live one; returns the live schema.
 * Concurrent starters are serialised by the pointer row's primary key.
 */
export declare const ensureReadModel: (executor: SqlExecutor, at: ReadModelLocation) => Promise<string>;
/** The live generation's schema, or null before `ensureReadModel`; `lock` takes a share lock on the pointer row. */
export declare const liveSchemaOf: (
  executor: SqlExecutor,
  at: ReadModelLocation,
  lock?: '' | 'FOR SHARE' | 'FOR UPDATE',
) => Promise<string | null>;
/** The highest generation number among existing schemas `<base>_g<n>` (so a new one never reuses a name). */
export declare const highestGeneration: (executor: SqlExecutor, base: string) => Promise<number>;
/** Points the projection at `schema`; call inside the transaction holding the pointer row `FOR UPDATE`. */
export declare const switchLiveSchema: (
  tx: SqlExecutor,
  at: ReadModelLocation,
  schema: string,
  generation: number,
) => Promise<void>;
//# sourceMappingURL=pointer.d.ts.map
