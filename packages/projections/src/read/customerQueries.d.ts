import type { SqlExecutor } from '@leadflow/eventstore';
import { type Page } from './cursor';
/** Filters of `GET /v1/customers`. */
export interface CustomerFilter {
  readonly stage?: string;
  readonly offer?: string;
  readonly source?: string;
  readonly country?: string;
  readonly q?: string;
  readonly includeTest: boolean;
  readonly limit: number;
  readonly cursor?: string;
}
/** A customer answer (its view as JSON text) with its version (the global position of its last event) for ETags. */
export interface VersionedCustomer {
  readonly id: string;
  readonly viewJson: string;
  readonly version: string;
  /** The id asked for when it was a merged alias. */
  readonly resolvedFrom: string | null;
}
/** The customer by id; a merged id answers with its survivor (through the alias table, then merged_into hops). */
export declare const getCustomer: (
  executor: SqlExecutor,
  s: string,
  id: string,
) => Promise<VersionedCustomer | null>;
/** Customers newest first, keyed by the immutable position of their first event (stable while leads arrive). */
export declare const listCustomers: (
  executor: SqlExecutor,
  s: string,
  filter: CustomerFilter,
) => Promise<Page<{
  id: string;
  names: readonly string[];
  emails: readonly string[];
  company: string | null;
  country: string | null;
  stage: string | null;
  offers: string[];
  leadCount: number;
  firstSeenAt: string | null;
  lastActivityAt: string | null;
  flags: {
    isTest: boolean;
    anonymous: boolean;
    optedOut: boolean;
    unrecognized: boolean;
  };
}> | null>;
//# sourceMappingURL=customerQueries.d.ts.map
