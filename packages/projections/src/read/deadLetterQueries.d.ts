import type { SqlExecutor } from '@leadflow/eventstore';
import { type Page } from './cursor';
/** An event the projection could not apply, parked with its error. */
export interface DeadLetter {
  readonly globalPosition: string;
  readonly eventId: string;
  readonly streamName: string;
  readonly eventType: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}
/** Parked events in log order (`GET /v1/review/dead-letters`). */
export declare const listDeadLetters: (
  executor: SqlExecutor,
  s: string,
  page: {
    limit: number;
    cursor?: string;
  },
) => Promise<Page<DeadLetter> | null>;
//# sourceMappingURL=deadLetterQueries.d.ts.map
