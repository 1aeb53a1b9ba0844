import { customerView, type CustomerView } from './customerView';
import type { ProjectedCustomer } from './projectedCustomer';

/** The rows one customer document contributes to the read tables (column names as in SQL). */
export interface CustomerRows {
  readonly customer: Record<string, unknown>;
  readonly aliases: ReadonlyArray<{ alias_id: string; customer_id: string }>;
  readonly identities: ReadonlyArray<{ kind: string; value: string; customer_id: string }>;
  readonly stageHistory: ReadonlyArray<Record<string, unknown>>;
  readonly offers: ReadonlyArray<Record<string, unknown>>;
  readonly tasks: ReadonlyArray<Record<string, unknown>>;
}

const searchTextOf = (doc: ProjectedCustomer, view: CustomerView): string =>
  [...view.names, ...view.emails, ...view.phones, view.company ?? '', doc.customerId].join(' ').toLowerCase();

/** The rows of a customer in the tables other than `customers`. */
export type ChildRows = Omit<CustomerRows, 'customer'>;

const NO_CHILD_ROWS: ChildRows = { aliases: [], identities: [], stageHistory: [], offers: [], tasks: [] };

/** Derives every row of a customer; a merged customer keeps only its own row (pointing at the survivor). */
export const customerRowsOf = (doc: ProjectedCustomer): CustomerRows => {
  const { state } = doc;
  const view = customerView(doc);
  const offers = view.offers;
  const customer = {
    customer_id: doc.customerId,
    status: state.status === 'merged' ? 'merged' : 'active',
    merged_into: state.mergedInto,
    first_position: doc.firstPosition,
    last_position: doc.lastPosition,
    event_count: doc.eventCount,
    stage: state.stage,
    country: view.country,
    is_test: view.flags.isTest,
    anonymous: view.flags.anonymous,
    unrecognized: state.unrecognizedLeadCount > 0,
    opted_out: state.optedOut,
    lead_count: state.leadIds.length,
    first_seen_at: state.createdAt === '' ? null : state.createdAt,
    last_activity_at: state.lastActivityAt,
    speed_to_lead_seconds: view.speedToLeadSeconds,
    offers: [...new Set(offers.flatMap((o) => [o.offerKey, o.offerId, o.title]).filter((v) => v !== null))],
    sources: [...new Set(offers.flatMap((o) => o.sources))],
    search: searchTextOf(doc, view),
    doc: JSON.stringify(doc),
    view: JSON.stringify(view),
  };
  return { customer, ...childRowsWith(doc, view) };
};

/** The child rows of a customer (what `customerRowsOf` gives besides its `customers` row). */
export const childRowsOf = (doc: ProjectedCustomer): ChildRows => childRowsWith(doc, customerView(doc));

const childRowsWith = (doc: ProjectedCustomer, view: CustomerView): ChildRows => {
  const { state } = doc;
  if (state.status === 'merged') return NO_CHILD_ROWS;
  const offers = view.offers;
  return {
    aliases: state.aliases.map((alias) => ({ alias_id: alias, customer_id: doc.customerId })),
    identities: [
      ...state.identity.emails.map((value) => ({ kind: 'email', value, customer_id: doc.customerId })),
      ...state.identity.phones.map((value) => ({ kind: 'phone', value, customer_id: doc.customerId })),
    ],
    stageHistory: state.stageHistory.map((change, idx) => ({
      customer_id: doc.customerId,
      idx,
      stage: change.stage,
      at: change.at,
      cause: change.cause,
    })),
    offers: offers.map((o) => ({
      customer_id: doc.customerId,
      offer_key: o.offerKey,
      publisher_id: o.publisherId,
      offer_id: o.offerId,
      title: o.title,
      actions: o.actions,
      sources: o.sources,
      lead_count: o.leadCount,
      first_seen_at: o.firstSeenAt,
      last_seen_at: o.lastSeenAt,
    })),
    tasks: state.tasks.map((task) => ({
      task_id: task.taskId,
      customer_id: doc.customerId,
      kind: task.kind,
      status: task.status,
      scheduled_at: task.scheduledAt,
      due_at: task.dueAt,
      overdue: task.overdue,
      outcome: task.outcome,
      completed_at: task.completedAt,
      doc: { ...task, customerId: doc.customerId },
    })),
  };
};
