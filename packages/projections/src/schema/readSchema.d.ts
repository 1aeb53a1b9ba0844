import type { SqlExecutor } from '@leadflow/eventstore';
/** The read-model tables compared row for row between two generations (dead letters without their time). */
export declare const READ_TABLES: readonly [
  'customers',
  'aliases',
  'identities',
  'stage_history',
  'offers',
  'tasks',
  'funnel_counts',
];
/** Creates (idempotently) the tables of a read-model generation and its checkpoint row. */
export declare const createReadSchema: (executor: SqlExecutor, schema: string, name: string) => Promise<void>;
//# sourceMappingURL=readSchema.d.ts.map
