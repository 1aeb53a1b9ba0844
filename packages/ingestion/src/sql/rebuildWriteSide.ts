import {
  CustomerMergedIntoData,
  LeadReceivedData,
  PersonalDataErasedData,
  type IdentitySummary,
} from '@leadflow/contracts';
import { dedupKeyOf, identityKeys, mergeSummaries, summaryOfLead } from '@leadflow/domain';
import type { EventStore, SqlExecutor } from '@leadflow/eventstore';
import { isLeft } from 'fp-ts/Either';
import type { IdentityHashing } from '../writeTx';

/** The dedup key of a stored lead, as the write path chose it (the domain's rule). */
export const storedDedupKey = (lead: LeadReceivedData): string =>
  dedupKeyOf(
    lead.producer.idempotencyKey,
    { producerLeadId: lead.producer.producerLeadId },
    lead.contentHash,
  );

interface CustomerAcc {
  createdAt: string;
  summary: IdentitySummary;
  keys: Set<string>;
  mergedInto: string | null;
}

/** Folds the streams (in global order) into the write side's rows (identity and dedup keys hashed by `hashing`). */
const derive = async (events: EventStore, hashing?: IdentityHashing) => {
  const hashSummary = (summary: IdentitySummary) => (hashing ? hashing.hashSummary(summary) : summary);
  const hashDedup = (key: string) => (hashing ? hashing.hashDedupKey(key) : key);
  const leadsOf = new Map<string, string[]>();
  const customers = new Map<string, CustomerAcc>();
  const leads: Array<{
    leadId: string;
    customerId: string;
    stream: string;
    receivedAt: string;
    unrecognized: boolean;
  }> = [];
  const dedup = new Map<string, { leadId: string; receivedAt: string; contentHash: string }>();
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await events.readAll({ fromPosition: from, maxCount: 1000 });
    for (const event of page) {
      if (event.type === 'LeadReceived') {
        const decoded = LeadReceivedData.decode(event.data);
        if (isLeft(decoded))
          throw new Error(`${event.streamName}@${event.streamRevision}: LeadReceived does not decode`);
        const lead = decoded.right;
        const summary = hashSummary(summaryOfLead(lead.customer.normalised));
        const known = customers.get(lead.customerId);
        if (known) known.summary = mergeSummaries(known.summary, summary);
        else
          customers.set(lead.customerId, {
            createdAt: lead.receivedAt,
            summary,
            keys: new Set(),
            mergedInto: null,
          });
        identityKeys(summary).forEach((k) => customers.get(lead.customerId)!.keys.add(k));
        leads.push({
          leadId: lead.leadId,
          customerId: lead.customerId,
          stream: event.streamName,
          receivedAt: lead.receivedAt,
          unrecognized: lead.unrecognized,
        });
        const dedupKey = hashDedup(storedDedupKey(lead));
        leadsOf.set(lead.customerId, [...(leadsOf.get(lead.customerId) ?? []), dedupKey]);
        dedup.set(dedupKey, {
          leadId: lead.leadId,
          receivedAt: lead.receivedAt,
          contentHash: lead.contentHash,
        });
      } else if (event.type === 'PersonalDataErased') {
        // Erased: no identity or dedup key is left to find the person by (a new lead starts anew).
        const decoded = PersonalDataErasedData.decode(event.data);
        if (isLeft(decoded))
          throw new Error(`${event.streamName}@${event.streamRevision}: PersonalDataErased does not decode`);
        for (const id of decoded.right.customerIds) {
          const erased = customers.get(id);
          if (erased) {
            erased.summary = { emails: [], phones: [], names: [] };
            erased.keys.clear();
          }
          for (const key of leadsOf.get(id) ?? []) dedup.delete(key);
        }
      } else if (event.type === 'CustomerMergedInto') {
        const decoded = CustomerMergedIntoData.decode(event.data);
        if (isLeft(decoded))
          throw new Error(`${event.streamName}@${event.streamRevision}: CustomerMergedInto does not decode`);
        const { customerId, survivorId } = decoded.right;
        const merged = customers.get(customerId);
        const survivor = customers.get(survivorId);
        if (!merged || !survivor)
          throw new Error(`merge of unknown customers ${customerId} -> ${survivorId}`);
        survivor.summary = mergeSummaries(survivor.summary, merged.summary);
        merged.keys.forEach((k) => survivor.keys.add(k));
        leadsOf.set(survivorId, [...(leadsOf.get(survivorId) ?? []), ...(leadsOf.get(customerId) ?? [])]);
        merged.keys.clear();
        for (const [, c] of customers) if (c.mergedInto === customerId) c.mergedInto = survivorId;
        merged.mergedInto = survivorId;
      }
    }
    const last = page[page.length - 1];
    if (last === undefined) break;
    from = last.globalPosition;
  }
  return { customers, leads, dedup };
};

/**
 * Rebuilds the write side's identity index, dedup keys and lead directory from the streams, in one
 * transaction (the rejected-lead store is not derived from streams and is kept). Run it with the
 * writers stopped: it derives from what readAll shows, which on PostgreSQL excludes events of
 * transactions newer than the oldest one still in flight on the server.
 */
export const rebuildWriteSide = async (
  events: EventStore,
  sql: SqlExecutor,
  s: string,
  hashing?: IdentityHashing,
): Promise<{ customers: number; leads: number }> => {
  const { customers, leads, dedup } = await derive(events, hashing);
  await sql.transaction(async (tx) => {
    await tx.exec(`TRUNCATE ${s}.ws_customers, ${s}.ws_identity_keys, ${s}.ws_dedup_keys, ${s}.ws_leads`);
    const rows = [...customers.entries()];
    await tx.query(
      `INSERT INTO ${s}.ws_customers (customer_id, created_at, summary, merged_into)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::jsonb[], $4::text[])`,
      [
        rows.map(([id]) => id),
        rows.map(([, c]) => c.createdAt),
        rows.map(([, c]) => JSON.stringify(c.summary)),
        rows.map(([, c]) => c.mergedInto),
      ],
    );
    const keys = rows.flatMap(([id, c]) => [...c.keys].map((k) => [k, id] as const));
    await tx.query(
      `INSERT INTO ${s}.ws_identity_keys (key, customer_id) SELECT * FROM unnest($1::text[], $2::text[])`,
      [keys.map(([k]) => k), keys.map(([, id]) => id)],
    );
    await tx.query(
      `INSERT INTO ${s}.ws_leads (lead_id, customer_id, stream_name, received_at, unrecognized)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::boolean[])`,
      [
        leads.map((l) => l.leadId),
        leads.map((l) => l.customerId),
        leads.map((l) => l.stream),
        leads.map((l) => l.receivedAt),
        leads.map((l) => l.unrecognized),
      ],
    );
    const dedupRows = [...dedup.entries()];
    await tx.query(
      `INSERT INTO ${s}.ws_dedup_keys (dedup_key, lead_id, received_at, content_hash)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[])`,
      [
        dedupRows.map(([k]) => k),
        dedupRows.map(([, d]) => d.leadId),
        dedupRows.map(([, d]) => d.receivedAt),
        dedupRows.map(([, d]) => d.contentHash),
      ],
    );
  });
  return { customers: customers.size, leads: leads.length };
};
