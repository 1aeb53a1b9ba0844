import { isTestCustomer } from '@leadflow/domain';
import type { LeadRef, ProjectedCustomer } from './projectedCustomer';

/** One funnel counter cell: customers that first reached `stage` on `day` through `offer` and `source`. */
export interface FunnelKey {
  readonly day: string;
  readonly offer: string;
  readonly source: string;
  readonly stage: string;
}

/** The key of a cell as one string (for summing deltas in memory). */
export const funnelKeyString = (k: FunnelKey): string => JSON.stringify([k.day, k.offer, k.source, k.stage]);

/** The lead a stage change is attributed to: its causing lead, else the latest lead before it. */
const attributedLead = (leads: ReadonlyArray<LeadRef>, cause: string, at: string): LeadRef | undefined => {
  if (cause.startsWith('lead:')) {
    const id = cause.slice(5);
    const lead = leads.find((l) => l.leadId === id);
    if (lead) return lead;
  }
  let found: LeadRef | undefined;
  for (const lead of leads) if (lead.at <= at) found = lead;
  return found ?? leads[0];
};

/**
 * The cells a customer counts in: each stage it reached, once, on the day it first reached it.
 * Test customers and merged-away customers count nowhere (the survivor counts the merged history).
 */
export const funnelEntriesOf = (doc: ProjectedCustomer | undefined): ReadonlyArray<FunnelKey> => {
  if (doc === undefined || doc.state.status !== 'active' || isTestCustomer(doc.state)) return [];
  const seen = new Set<string>();
  const entries: FunnelKey[] = [];
  for (const change of doc.state.stageHistory) {
    if (seen.has(change.stage)) continue;
    seen.add(change.stage);
    const lead = attributedLead(doc.leads, change.cause, change.at);
    entries.push({
      day: change.at.slice(0, 10),
      offer: lead?.offerKey ?? 'unknown',
      source: lead?.source ?? 'unknown',
      stage: change.stage,
    });
  }
  return entries;
};

/** Adds `sign` x each entry of a customer to the running deltas of a batch. */
export const addFunnelDelta = (
  deltas: Map<string, { key: FunnelKey; delta: number }>,
  entries: ReadonlyArray<FunnelKey>,
  sign: 1 | -1,
): void => {
  for (const key of entries) {
    const k = funnelKeyString(key);
    const current = deltas.get(k);
    if (current) current.delta += sign;
    else deltas.set(k, { key, delta: sign });
  }
};
