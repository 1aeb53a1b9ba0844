import type { SqlExecutor } from '@leadflow/eventstore';
import { FUNNEL_PATH, type FunnelQuery } from './funnelQueries';

/** One rep's figures (`GET /v1/reps/{id}/stats`). */
export interface RepStats {
  readonly repId: string;
  readonly open: number;
  readonly atRisk: number;
  readonly overdue: number;
  readonly completed: number;
  /** Median speed-to-lead of the customers the rep owns, in seconds. */
  readonly speedToLeadP50Seconds: number | null;
  readonly customers: number;
}

/** Open, at-risk and overdue (both open), completed tasks of a rep, and its customers' median speed-to-lead. */
export const repStats = async (executor: SqlExecutor, s: string, repId: string): Promise<RepStats> => {
  const [tasks] = await executor.query<{ open: number; at_risk: number; overdue: number; completed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
            count(*) FILTER (WHERE status = 'open' AND COALESCE((doc->>'atRisk')::boolean, false))::int AS at_risk,
            count(*) FILTER (WHERE status = 'open' AND overdue)::int AS overdue,
            count(*) FILTER (WHERE status = 'completed')::int AS completed
       FROM ${s}.tasks WHERE doc->>'assignee' = $1`,
    [repId],
  );
  const [owned] = await executor.query<{ p50: number | null; customers: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY speed_to_lead_seconds)::float8 AS p50,
            count(*)::int AS customers
       FROM ${s}.customers
      WHERE status = 'active' AND NOT is_test AND view::jsonb->>'owner' = $1`,
    [repId],
  );
  return {
    repId,
    open: tasks?.open ?? 0,
    atRisk: tasks?.at_risk ?? 0,
    overdue: tasks?.overdue ?? 0,
    completed: tasks?.completed ?? 0,
    speedToLeadP50Seconds: owned?.p50 ?? null,
    customers: owned?.customers ?? 0,
  };
};

const ALL_STAGES = [...FUNNEL_PATH, 'nurturing', 'disqualified', 'lost'];

/**
 * `GET /v1/funnel?groupBy=rep`: per owning rep (`''`: customers nobody owns), the customers that reached
 * each stage in the period, the median speed-to-lead of its customers first seen in the period, and
 * its tasks made overdue in the period.
 */
export const funnelByRep = async (executor: SqlExecutor, s: string, query: FunnelQuery) => {
  const params = [query.from ?? null, query.to ?? null, query.offer ?? null, query.source ?? null];
  const customerFilter = `c.status = 'active' AND NOT c.is_test
        AND ($3::text IS NULL OR $3 = ANY (c.offers)) AND ($4::text IS NULL OR $4 = ANY (c.sources))`;
  const stages = await executor.query<{ g: string; stage: string; n: number }>(
    `SELECT COALESCE(c.view::jsonb->>'owner', '') AS g, h.stage, count(DISTINCT h.customer_id)::int AS n
       FROM ${s}.stage_history h JOIN ${s}.customers c ON c.customer_id = h.customer_id
      WHERE ${customerFilter}
        AND ($1::date IS NULL OR h.at >= $1::date) AND ($2::date IS NULL OR h.at < $2::date + 1)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const speed = await executor.query<{ g: string; m: number | null }>(
    `SELECT COALESCE(c.view::jsonb->>'owner', '') AS g,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY c.speed_to_lead_seconds)::float8 AS m
       FROM ${s}.customers c
      WHERE ${customerFilter} AND c.speed_to_lead_seconds IS NOT NULL
        AND ($1::date IS NULL OR c.first_seen_at >= $1::date) AND ($2::date IS NULL OR c.first_seen_at < $2::date + 1)
      GROUP BY 1`,
    params,
  );
  const overdue = await executor.query<{ g: string; n: number }>(
    `SELECT COALESCE(t.doc->>'assignee', '') AS g, count(*)::int AS n
       FROM ${s}.tasks t JOIN ${s}.customers c ON c.customer_id = t.customer_id
      WHERE ${customerFilter} AND t.overdue
        AND ($1::date IS NULL OR t.due_at >= $1::date) AND ($2::date IS NULL OR t.due_at < $2::date + 1)
      GROUP BY 1`,
    params,
  );
  const keys = [
    ...new Set([...stages.map((r) => r.g), ...speed.map((r) => r.g), ...overdue.map((r) => r.g)]),
  ].sort();
  return keys.map((key) => {
    const counts: Record<string, number> = Object.fromEntries(ALL_STAGES.map((stage) => [stage, 0]));
    for (const row of stages) if (row.g === key) counts[row.stage] = row.n;
    return {
      key,
      stages: counts,
      conversion: FUNNEL_PATH.slice(1).map((to, i) => {
        const from = FUNNEL_PATH[i]!;
        const base = counts[from] ?? 0;
        return { from, to, rate: base === 0 ? null : (counts[to] ?? 0) / base };
      }),
      medianSpeedToLeadSeconds: speed.find((r) => r.g === key)?.m ?? null,
      overdueTasks: overdue.find((r) => r.g === key)?.n ?? 0,
    };
  });
};
