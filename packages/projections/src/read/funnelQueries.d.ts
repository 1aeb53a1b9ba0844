import type { SqlExecutor } from '@leadflow/eventstore';
/** Parameters of `GET /v1/funnel` (days are `YYYY-MM-DD`, both ends inclusive). */
export interface FunnelQuery {
  readonly from?: string;
  readonly to?: string;
  readonly offer?: string;
  readonly source?: string;
  readonly groupBy?: 'offer' | 'source' | 'day';
}
/** The main path of the funnel, in order; conversion is given between neighbours. */
export declare const FUNNEL_PATH: readonly ['referral', 'interest', 'trial', 'active', 'qualified', 'won'];
type Counts = Record<string, number>;
/**
 * Customers that reached each stage within the period (a customer counts once per stage, on the day it first
 * reached it; test customers never count), conversion between neighbouring stages, and the median speed-to-lead
 * of the customers first seen in the period.
 */
export declare const funnel: (
  executor: SqlExecutor,
  s: string,
  query: FunnelQuery,
) => Promise<{
  groupBy?: 'offer' | 'source' | 'day' | undefined;
  groups?:
    | {
        key: string;
        stages: Counts;
        conversion: {
          from: 'referral' | 'interest' | 'trial' | 'active' | 'qualified' | 'won';
          to: 'referral' | 'interest' | 'trial' | 'active' | 'qualified' | 'won';
          rate: number | null;
        }[];
      }[]
    | undefined;
  from: string | null;
  to: string | null;
  offer: string | null;
  source: string | null;
  stages: Counts;
  conversion: {
    from: 'referral' | 'interest' | 'trial' | 'active' | 'qualified' | 'won';
    to: 'referral' | 'interest' | 'trial' | 'active' | 'qualified' | 'won';
    rate: number | null;
  }[];
  medianSpeedToLeadSeconds: number | null;
}>;
export {};
//# sourceMappingURL=funnelQueries.d.ts.map
