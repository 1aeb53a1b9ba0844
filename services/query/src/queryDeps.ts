import type { ApiToken } from '@leadflow/config';
import type { SqlEventStore } from '@leadflow/eventstore';
import type { ErasureService } from '@leadflow/privacy';

/** What the read routes need: the database (through the event store), the live read schema, the tokens. */
export interface QueryDeps {
  readonly store: SqlEventStore;
  /** The live read-model schema (follows rebuild switches). */
  readonly schema: () => Promise<string>;
  readonly tokens: ReadonlyArray<ApiToken>;
  /** Erasures of personal data (with the store's vault); absent on a store without one. */
  readonly erasures?: ErasureService;
}

/** The schema of an answer documented loosely: a JSON object (serialised as is). */
export const objectResponse = (description: string) => ({
  description,
  type: 'object',
  additionalProperties: true,
});
