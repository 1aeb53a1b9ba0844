import { MarketplaceStage, SalesStage, type Stage } from '@leadflow/contracts';
import type { SqlExecutor } from '@leadflow/eventstore';

/** Every funnel stage, main path first, then the side stages: the contracts' stage codecs, in their order. */
export const FUNNEL_STAGES: ReadonlyArray<Stage> = [
  ...(Object.keys(MarketplaceStage.keys) as MarketplaceStage[]),
  ...(Object.keys(SalesStage.keys) as SalesStage[]),
];
export type FunnelStage = Stage;

/** Parameters of `GET /v1/funnel?asOf=`. */
export interface FunnelAsOfQuery {
  /** ISO-8601 instant. */
  readonly asOf: string;
  /** publisherId.offerId, offer id or offer title: customers with a lead on that offer by then. */
  readonly offer?: string;
  /** Customers with a lead from that source by then. */
  readonly source?: string;
}

export interface FunnelAsOf {
  readonly asOf: string;
  readonly offer: string | null;
  readonly source: string | null;
  /** Customers in each stage at the instant (each customer counts once, in the stage it stood in). */
  readonly stages: Record<FunnelStage, number>;
  /** Customers with a stage at the instant. */
  readonly customers: number;
}

/**
 * The funnel as it stood at an instant, from the stage history table in one statement: each customer
 * (test customers excluded) counts in the stage of its last stage change at or before the instant.
 * A stage change carries the time of the event that caused it (a lead's arrival, a task's completion).
 */
export const funnelAsOf = async (
  executor: SqlExecutor,
  s: string,
  query: FunnelAsOfQuery,
): Promise<FunnelAsOf> => {
  const rows = await executor.query<{ stage: string; n: number }>(
    `SELECT x.stage, count(*)::int AS n FROM (
       SELECT DISTINCT ON (h.customer_id) h.stage
         FROM ${s}.stage_history h JOIN ${s}.customers c ON c.customer_id = h.customer_id
        WHERE c.status = 'active' AND NOT c.is_test AND h.at <= $1::timestamptz
          AND ($2::text IS NULL AND $3::text IS NULL OR EXISTS (
                SELECT 1 FROM ${s}.offers o
                 WHERE o.customer_id = c.customer_id AND o.first_seen_at <= $1::timestamptz
                   AND ($2::text IS NULL OR $2 IN (o.offer_key, o.offer_id, o.title))
                   AND ($3::text IS NULL OR $3 = ANY (o.sources))))
        ORDER BY h.customer_id, h.at DESC, h.idx DESC) x
      GROUP BY x.stage`,
    [query.asOf, query.offer ?? null, query.source ?? null],
  );
  const stages = Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, 0])) as Record<FunnelStage, number>;
  let customers = 0;
  for (const row of rows) {
    if ((FUNNEL_STAGES as ReadonlyArray<string>).includes(row.stage))
      stages[row.stage as FunnelStage] = row.n;
    customers += row.n;
  }
  return { asOf: query.asOf, offer: query.offer ?? null, source: query.source ?? null, stages, customers };
};
