import type { SqlExecutor } from '@leadflow/eventstore';
/** How far a projection is behind the log: events not yet applied, and the age of the oldest of them. */
export interface ProjectionLag {
  readonly events: number;
  readonly seconds: number;
  readonly checkpoint: string;
}
/** Measures the lag of the projection stored in read schema `s` against the event store schema `eventSchema`. */
export declare const measureLag: (
  executor: SqlExecutor,
  eventSchema: string,
  s: string,
  name: string,
) => Promise<ProjectionLag>;
//# sourceMappingURL=lag.d.ts.map
