import type { ProjectedCustomer } from './projectedCustomer';
/** The rows one customer document contributes to the read tables (column names as in SQL). */
export interface CustomerRows {
  readonly customer: Record<string, unknown>;
  readonly aliases: ReadonlyArray<{
    alias_id: string;
    customer_id: string;
  }>;
  readonly identities: ReadonlyArray<{
    kind: string;
    value: string;
    customer_id: string;
  }>;
  readonly stageHistory: ReadonlyArray<Record<string, unknown>>;
  readonly offers: ReadonlyArray<Record<string, unknown>>;
  readonly tasks: ReadonlyArray<Record<string, unknown>>;
}
/** Derives every row of a customer; a merged customer keeps only its own row (pointing at the survivor). */
export declare const customerRowsOf: (doc: ProjectedCustomer) => CustomerRows;
//# sourceMappingURL=customerRows.d.ts.map
