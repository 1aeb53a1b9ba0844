import { customerStreamName, decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import type { SqlEventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';

/** One change of a customer's contact preference: what, why, how it came (source) and when. */
export interface ConsentChange {
  readonly optedOut: boolean;
  readonly reason: string | null;
  /** `api` (POST …/contact-preference) or `task-outcome` (a task completed as opted-out). */
  readonly source: 'api' | 'task-outcome';
  readonly by: string | null;
  readonly at: string;
  readonly customerId: string;
}

/** Everything held on a person, as `GET /v1/customers/{id}/personal-data` answers it. */
export interface PersonalDataDocument {
  readonly customerId: string;
  /** The customer ids the person was known by (merged customers included). */
  readonly customerIds: ReadonlyArray<string>;
  readonly erased: boolean;
  readonly erasedAt: string | null;
  readonly leads: ReadonlyArray<Record<string, unknown>>;
  readonly consent: ReadonlyArray<ConsentChange>;
  readonly tasks: ReadonlyArray<Record<string, unknown>>;
}

/** The survivor of `id` and every customer merged into it (the write side's directory), or null when unknown. */
export const customerIdsOf = async (
  store: SqlEventStore,
  id: string,
): Promise<{ survivor: string; ids: string[] } | null> => {
  const s = store.schema;
  const found = await store.executor.query<{ survivor: string }>(
    `SELECT coalesce(merged_into, customer_id) AS survivor FROM ${s}.ws_customers WHERE customer_id = $1`,
    [id],
  );
  const survivor = found[0]?.survivor;
  if (survivor === undefined) return null;
  const rows = await store.executor.query<{ customer_id: string }>(
    `SELECT customer_id FROM ${s}.ws_customers WHERE customer_id = $1 OR merged_into = $1 ORDER BY created_at, seq`,
    [survivor],
  );
  return { survivor, ids: rows.map((r) => r.customer_id) };
};

const eventsOf = async (store: SqlEventStore, ids: ReadonlyArray<string>) => {
  const events: Array<{ customerId: string; event: CustomerEvent }> = [];
  for (const customerId of ids)
    for (const recorded of await store.readStream(customerStreamName(customerId))) {
      const decoded = decodeStoredEvent(recorded);
      if (E.isRight(decoded)) events.push({ customerId, event: decoded.right });
    }
  return events;
};

/** Consent history from events: preference changes through the API and opted-out task outcomes, oldest first. */
export const consentOf = (
  events: ReadonlyArray<{ customerId: string; event: CustomerEvent }>,
): ConsentChange[] =>
  events
    .flatMap(({ customerId, event }): ConsentChange[] => {
      if (event.type === 'ContactPreferenceChanged')
        return [
          {
            optedOut: event.data.optedOut,
            reason: event.data.reason,
            source: 'api',
            by: event.data.by,
            at: event.data.changedAt,
            customerId,
          },
        ];
      if (event.type === 'FollowUpCompleted' && event.data.outcome === 'opted-out')
        return [
          {
            optedOut: true,
            reason: event.data.note,
            source: 'task-outcome',
            by: event.data.by,
            at: event.data.completedAt,
            customerId,
          },
        ];
      return [];
    })
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

/** The consent history of a customer (merged ones included), or null when the id is unknown. */
export const consentHistory = async (store: SqlEventStore, id: string): Promise<ConsentChange[] | null> => {
  const found = await customerIdsOf(store, id);
  return found === null ? null : consentOf(await eventsOf(store, found.ids));
};

/**
 * Everything held on the person: each lead as received (its fields decrypted), the consent history and
 * the tasks with their notes. After erasure only the fact of it is left (no personal field can be read).
 */
export const personalDataDocument = async (
  store: SqlEventStore,
  id: string,
): Promise<PersonalDataDocument | null> => {
  const found = await customerIdsOf(store, id);
  if (found === null) return null;
  const events = await eventsOf(store, found.ids);
  const erasure = events.find((e) => e.event.type === 'PersonalDataErased')?.event;
  if (erasure !== undefined && erasure.type === 'PersonalDataErased')
    return {
      customerId: found.survivor,
      customerIds: found.ids,
      erased: true,
      erasedAt: erasure.data.erasedAt,
      leads: [],
      consent: [],
      tasks: [],
    };
  const tasks = new Map<string, Record<string, unknown>>();
  const leads: Array<Record<string, unknown>> = [];
  for (const { customerId, event } of events) {
    if (event.type === 'LeadReceived') {
      const d = event.data;
      leads.push({
        leadId: d.leadId,
        customerId,
        receivedAt: d.receivedAt,
        source: d.source.raw,
        action: d.action.raw,
        offer: d.offer,
        customer: d.customer.original,
        description: d.description,
        normalised: d.customer.normalised,
        producer: d.producer,
      });
    } else if (event.type === 'FollowUpScheduled') {
      const d = event.data;
      tasks.set(d.taskId, {
        taskId: d.taskId,
        customerId,
        kind: d.kind,
        scheduledAt: d.scheduledAt,
        dueAt: d.dueAt,
        outcome: null,
        note: null,
        by: null,
        completedAt: null,
      });
    } else if (event.type === 'FollowUpCompleted') {
      const d = event.data;
      const task = tasks.get(d.taskId) ?? { taskId: d.taskId, customerId };
      tasks.set(d.taskId, {
        ...task,
        outcome: d.outcome,
        note: d.note,
        by: d.by,
        completedAt: d.completedAt,
      });
    }
  }
  return {
    customerId: found.survivor,
    customerIds: found.ids,
    erased: false,
    erasedAt: null,
    leads: leads.sort((a, b) => String(a['receivedAt']).localeCompare(String(b['receivedAt']))),
    consent: consentOf(events),
    tasks: [...tasks.values()],
  };
};
