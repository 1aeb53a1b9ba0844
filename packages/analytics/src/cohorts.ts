import type { SqlExecutor } from '@leadflow/eventstore';
import { FUNNEL_STAGES, type FunnelStage } from './timeTravelFunnel';

/** Parameters of `GET /v1/funnel/cohorts` (days `YYYY-MM-DD`, UTC, both ends inclusive). */
export interface CohortQuery {
  readonly period: 'week' | 'month';
  readonly from?: string;
  readonly to?: string;
  /** publisherId.offerId, offer id or offer title. */
  readonly offer?: string;
  readonly source?: string;
}

/** The customers first seen in one period and how far they went. */
export interface Cohort {
  /** `2026-W02` (ISO week) or `2026-01` (calendar month). */
  readonly period: string;
  /** First day of the period. */
  readonly start: string;
  readonly customers: number;
  /** Customers that ever reached each stage. */
  readonly reached: Record<FunnelStage, number>;
  /** Median seconds from the first lead to the first time each stage was reached (null: none reached it). */
  readonly medianSecondsToStage: Record<FunnelStage, number | null>;
  readonly speedToLead: { readonly p50Seconds: number | null; readonly p90Seconds: number | null };
}

export interface CohortReport {
  readonly period: 'week' | 'month';
  readonly from: string | null;
  readonly to: string | null;
  readonly offer: string | null;
  readonly source: string | null;
  readonly cohorts: ReadonlyArray<Cohort>;
}

const LABEL = { week: `'IYYY-"W"IW'`, month: `'YYYY-MM'` } as const;

// The customers of the report: first seen in the window, not test customers, not merged away.
const cohortMembers = (s: string, period: 'week' | 'month') => `
  SELECT c.customer_id, c.first_seen_at, c.speed_to_lead_seconds,
         date_trunc('${period}', c.first_seen_at AT TIME ZONE 'UTC') AS cohort
    FROM ${s}.customers c
   WHERE c.status = 'active' AND NOT c.is_test AND c.first_seen_at IS NOT NULL
     AND ($1::date IS NULL OR c.first_seen_at >= $1::date::timestamp AT TIME ZONE 'UTC')
     AND ($2::date IS NULL OR c.first_seen_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')
     AND ($3::text IS NULL OR $3 = ANY (c.offers)) AND ($4::text IS NULL OR $4 = ANY (c.sources))`;

/** A row of the cohort statement: a cohort's totals (stage null) or one stage of a cohort (p50 its median). */
interface CohortRow {
  readonly period: string;
  readonly start: string | null;
  readonly stage: string | null;
  readonly n: number;
  readonly p50: number | null;
  readonly p90: number | null;
}

const emptyStages = <A>(value: A): Record<FunnelStage, A> =>
  Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, value])) as Record<FunnelStage, A>;

const isStage = (stage: string): stage is FunnelStage =>
  (FUNNEL_STAGES as ReadonlyArray<string>).includes(stage);

/**
 * Cohorts by period of first contact (a customer's first lead; ISO weeks or calendar months, UTC): per
 * cohort the customers, how many ever reached each stage, the median time from the first lead to each
 * stage, and speed-to-lead p50 and p90. Two statements over the customers and stage history tables.
 */
export const cohorts = async (
  executor: SqlExecutor,
  s: string,
  query: CohortQuery,
): Promise<CohortReport> => {
  const label = LABEL[query.period];
  const params = [query.from ?? null, query.to ?? null, query.offer ?? null, query.source ?? null];
  // JIT compilation would cost more than these scans of a few hundred thousand rows, and the joins fit in
  // memory instead of spilling to disk. Both statements read one snapshot.
  const { totals, stages } = await executor.transaction(async (tx) => {
    if (tx.sharedWithOtherProcesses) await tx.exec(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
    const totals = await tx.query<CohortRow>(
      `WITH m AS (${cohortMembers(s, query.period)})
       SELECT to_char(m.cohort, ${label}) AS period, to_char(m.cohort, 'YYYY-MM-DD') AS start, NULL AS stage,
              count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY m.speed_to_lead_seconds)::float8 AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY m.speed_to_lead_seconds)::float8 AS p90
         FROM m GROUP BY m.cohort ORDER BY m.cohort`,
      params,
    );
    // The first time each customer reached each stage, aggregated before a hash join: sorting by customer
    // id (text, collated) is what made this slow.
    const stages = await tx.query<CohortRow>(
      `WITH m AS (${cohortMembers(s, query.period)}),
            firsts AS (SELECT h.customer_id, h.stage, min(h.at) AS at FROM ${s}.stage_history h GROUP BY h.customer_id, h.stage)
       SELECT to_char(m.cohort, ${label}) AS period, NULL AS start, f.stage, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(0, extract(epoch FROM f.at - m.first_seen_at)))::float8 AS p50,
              NULL AS p90
         FROM m JOIN firsts f ON f.customer_id = m.customer_id
        GROUP BY m.cohort, f.stage`,
      params,
    );
    return { totals, stages };
  });
  const byPeriod = new Map(
    totals.map((row): [string, Cohort] => [
      row.period,
      {
        period: row.period,
        start: row.start!,
        customers: row.n,
        reached: emptyStages(0),
        medianSecondsToStage: emptyStages<number | null>(null),
        speedToLead: { p50Seconds: row.p50, p90Seconds: row.p90 },
      },
    ]),
  );
  for (const row of stages) {
    const cohort = byPeriod.get(row.period);
    if (cohort === undefined || row.stage === null || !isStage(row.stage)) continue;
    cohort.reached[row.stage] = row.n;
    cohort.medianSecondsToStage[row.stage] = row.p50;
  }
  return {
    period: query.period,
    from: query.from ?? null,
    to: query.to ?? null,
    offer: query.offer ?? null,
    source: query.source ?? null,
    cohorts: [...byPeriod.values()],
  };
};
