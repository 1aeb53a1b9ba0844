import type { Logger } from '@leadflow/observability';
import type { ErasureService } from './erasure';
import type { PrivateSqlEventStore } from './privateStore';

const DAY_MS = 86_400_000;

export interface RetentionScanner {
  /** One scan: erases every customer idle for the retention period; returns how many. */
  scanOnce(): Promise<number>;
  stop(): void;
}

/**
 * Erases customers with no activity (no event on their streams; with KurrentDB no lead) for
 * `retentionDays`. Safe with several instances: an erasure locks its customers and a customer erased
 * already answers its earlier erasure, so two scanners meeting on one customer erase it once.
 */
export const startRetentionScanner = (deps: {
  store: PrivateSqlEventStore;
  erasures: ErasureService;
  retentionDays: number;
  logger?: Logger;
  everyMs?: number;
  now?: () => Date;
  /** Most customers erased by one scan (the next scan continues). */
  batch?: number;
}): RetentionScanner => {
  const { store } = deps;
  const s = store.schema;
  const now = deps.now ?? (() => new Date());
  const idleSql = store.eventsInSql
    ? `SELECT c.customer_id FROM ${s}.ws_customers c
        WHERE c.merged_into IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${s}.pd_erasures x WHERE x.customer_id = c.customer_id)
          AND NOT EXISTS (SELECT 1 FROM ${s}.ws_customers m JOIN ${s}.events e ON e.stream_name = 'customer-' || m.customer_id
                           WHERE (m.customer_id = c.customer_id OR m.merged_into = c.customer_id) AND e.created_at >= $1)
        ORDER BY c.created_at LIMIT $2`
    : `SELECT c.customer_id FROM ${s}.ws_customers c
        WHERE c.merged_into IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${s}.pd_erasures x WHERE x.customer_id = c.customer_id)
          AND NOT EXISTS (SELECT 1 FROM ${s}.ws_leads l JOIN ${s}.ws_customers m ON m.customer_id = l.customer_id
                           WHERE (m.customer_id = c.customer_id OR m.merged_into = c.customer_id) AND l.received_at >= $1)
        ORDER BY c.created_at LIMIT $2`;
  const scanOnce = async () => {
    const cutoff = new Date(now().getTime() - deps.retentionDays * DAY_MS);
    const rows = await store.executor.query<{ customer_id: string }>(idleSql, [cutoff, deps.batch ?? 500]);
    let erased = 0;
    // Another instance may have erased a customer first: only the erasures this scan did count.
    for (const row of rows)
      if ((await deps.erasures.erase(row.customer_id, 'retention'))?.erasedNow === true) erased += 1;
    if (erased > 0)
      deps.logger?.info({ erased, retentionDays: deps.retentionDays }, 'retention erased idle customers');
    return erased;
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    scanOnce()
      .catch((err: unknown) => deps.logger?.warn({ err }, 'retention scan failed'))
      .finally(() => (running = false));
  }, deps.everyMs ?? 3_600_000);
  timer.unref();
  return { scanOnce, stop: () => clearInterval(timer) };
};
