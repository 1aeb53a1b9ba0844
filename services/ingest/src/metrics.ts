import type { LeadWriterMetrics } from '@leadflow/ingestion';
import { counter, type Registry } from '@leadflow/observability';

/** The write path's Prometheus counters. */
export const leadWriterMetrics = (registry: Registry): LeadWriterMetrics => {
  const accepted = counter(registry, 'leadflow_leads_accepted_total', 'Leads accepted', ['duplicate']);
  const rejected = counter(registry, 'leadflow_leads_rejected_total', 'Leads rejected', ['reason']);
  const dropped = counter(
    registry,
    'leadflow_rejected_dropped_total',
    'Rejected leads dropped from the bounded review store',
  );
  const retried = counter(
    registry,
    'leadflow_write_retries_total',
    'Write transactions retried after a conflict',
  );
  return {
    accepted: (duplicate) => accepted.inc({ duplicate: String(duplicate) }),
    rejected: (reason) => rejected.inc({ reason }),
    rejectedDropped: (count) => dropped.inc(count),
    retried: () => retried.inc(),
  };
};
