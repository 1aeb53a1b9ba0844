import type { SqlExecutor } from '@leadflow/eventstore';
import { likeEscaped } from './likePattern';

/** Parameters of `GET /v1/funnel` (days are `YYYY-MM-DD`, both ends inclusive). */
export interface FunnelQuery {
  readonly from?: string;
  readonly to?: string;
  readonly offer?: string;
  readonly source?: string;
  readonly groupBy?: 'offer' | 'source' | 'day';
}

/** The main path of the funnel, in order; conversion is given between neighbours. */
export const FUNNEL_PATH = ['referral', 'interest', 'trial', 'active', 'qualified', 'won'] as const;
const ALL_STAGES = [...FUNNEL_PATH, 'nurturing', 'disqualified', 'lost'];

type Counts = Record<string, number>;

const conversionOf = (counts: Counts) =>
  FUNNEL_PATH.slice(1).map((to, i) => {
    const from = FUNNEL_PATH[i]!;
    const base = counts[from] ?? 0;
    return { from, to, rate: base === 0 ? null : (counts[to] ?? 0) / base };
  });

const emptyCounts = (): Counts => Object.fromEntries(ALL_STAGES.map((s) => [s, 0]));

const GROUP_COLUMN = { offer: 'offer', source: 'source', day: "to_char(day, 'YYYY-MM-DD')" } as const;

/**
 * Customers that reached each stage within the period (a customer counts once per stage, on the day it first
 * reached it; test customers never count), conversion between neighbouring stages, and the median speed-to-lead
 * of the customers first seen in the period.
 */
export const funnel = async (executor: SqlExecutor, s: string, query: FunnelQuery) => {
  const group = query.groupBy === undefined ? `''` : GROUP_COLUMN[query.groupBy];
  const params = [query.from ?? null, query.to ?? null, query.offer ?? null, query.source ?? null];
  const rows = await executor.query<{ g: string; stage: string; n: number }>(
    `SELECT ${group} AS g, stage, sum(customers)::int AS n FROM ${s}.funnel_counts
      WHERE ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day <= $2::date)
        AND ($3::text IS NULL OR offer = $3 OR offer LIKE '%.' || $5) AND ($4::text IS NULL OR source = $4)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    // An offer id is matched literally: `%` or `_` in it must not widen the filter.
    [...params, query.offer === undefined ? null : likeEscaped(query.offer)],
  );
  const [median] = await executor.query<{ m: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY speed_to_lead_seconds)::float8 AS m
       FROM ${s}.customers
      WHERE status = 'active' AND NOT is_test AND speed_to_lead_seconds IS NOT NULL
        AND ($1::date IS NULL OR first_seen_at >= $1::date)
        AND ($2::date IS NULL OR first_seen_at < $2::date + 1)
        AND ($3::text IS NULL OR $3 = ANY (offers)) AND ($4::text IS NULL OR $4 = ANY (sources))`,
    params,
  );
  const totals = emptyCounts();
  const groups = new Map<string, Counts>();
  for (const row of rows) {
    totals[row.stage] = (totals[row.stage] ?? 0) + row.n;
    const counts = groups.get(row.g) ?? emptyCounts();
    counts[row.stage] = (counts[row.stage] ?? 0) + row.n;
    groups.set(row.g, counts);
  }
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    offer: query.offer ?? null,
    source: query.source ?? null,
    stages: totals,
    conversion: conversionOf(totals),
    medianSpeedToLeadSeconds: median?.m ?? null,
    ...(query.groupBy === undefined
      ? {}
      : {
          groupBy: query.groupBy,
          groups: [...groups].map(([key, counts]) => ({
            key,
            stages: counts,
            conversion: conversionOf(counts),
          })),
        }),
  };
};
