/** How a column's values are typed in every format (JSON, CSV text, Parquet physical type). */
export type ColumnKind = 'string' | 'position' | 'integer' | 'double' | 'boolean' | 'timestamp';

/** A cell: strings, numbers, positions (bigint, written as decimal text outside Parquet), times, or null. */
export type Cell = string | number | bigint | boolean | Date | null;

/** A row: one cell per column of its dataset, in column order. */
export type Row = ReadonlyArray<Cell>;

/**
 * One exported column. `personal` marks a column holding personal data: none is exported today, and
 * a column added with `personal: true` is left out unless the caller is allowed and asks for it.
 */
export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly description: string;
  readonly personal?: true;
}

/** The datasets an export reads: the event log, and the customers and tasks read models. */
export type Dataset = 'events' | 'customers' | 'tasks';
export const DATASETS: ReadonlyArray<Dataset> = ['events', 'customers', 'tasks'];

const column = (name: string, kind: ColumnKind, description: string): Column => ({ name, kind, description });

/** Columns of `events`: one row per stored event, flattened; personal fields left out. */
export const EVENT_COLUMNS: ReadonlyArray<Column> = [
  column('position', 'position', 'global position in the log (increasing; sparse)'),
  column('eventId', 'string', 'the event id'),
  column('streamRevision', 'integer', "revision within the customer's stream (from 0)"),
  column('customerId', 'string', 'the customer, resolved to the survivor when it was merged'),
  column('streamCustomerId', 'string', 'the customer whose stream holds the event (before merges)'),
  column('type', 'string', 'event type, e.g. LeadReceived'),
  column('recordedAt', 'timestamp', 'when the event was stored'),
  column('leadId', 'string', 'LeadReceived: the lead id'),
  column('source', 'string', 'LeadReceived: the marketplace source (known name, else as sent)'),
  column('action', 'string', 'LeadReceived: the action (PLT, INS, Create, StartTestDrive, DNC, or as sent)'),
  column('publisherId', 'string', 'LeadReceived and FollowUpScheduled: the offer’s publisher id'),
  column('offerId', 'string', 'LeadReceived and FollowUpScheduled: the offer id'),
  column('country', 'string', 'LeadReceived: ISO 3166-1 alpha-2 country of the lead'),
  column('stage', 'string', "the stream's funnel stage after the event (null before any stage)"),
  column('taskId', 'string', 'follow-up events: the task id'),
  column('taskKind', 'string', 'follow-up events: the task kind'),
  column('outcome', 'string', 'FollowUpCompleted: the outcome'),
  column('rep', 'string', "the sales rep owning the stream's customer after the event (null: none yet)"),
];

/** Columns of `customers`: one row per customer of the read model (merged ones included, with their survivor). */
export const CUSTOMER_COLUMNS: ReadonlyArray<Column> = [
  column('customerId', 'string', 'the customer id'),
  column('status', 'string', 'active or merged'),
  column('mergedInto', 'string', 'the survivor of a merged customer'),
  column('stage', 'string', 'current funnel stage'),
  column('country', 'string', 'ISO 3166-1 alpha-2 country'),
  column('isTest', 'boolean', 'only ever sent marketplace test leads'),
  column('anonymous', 'boolean', 'no email, phone or name'),
  column('unrecognized', 'boolean', 'sent a lead with an unknown action'),
  column('optedOut', 'boolean', 'opted out of contact'),
  column('leadCount', 'integer', 'leads received'),
  column('eventCount', 'integer', "events in the customer's stream"),
  column('firstSeenAt', 'timestamp', 'first lead'),
  column('lastActivityAt', 'timestamp', 'last lead or task completion'),
  column('speedToLeadSeconds', 'double', 'first actionable lead to first completed contact'),
  column('offers', 'string', 'JSON array of the offers (publisherId.offerId, offer id or title)'),
  column('sources', 'string', 'JSON array of the sources'),
  column('firstPosition', 'position', "position of the customer's first event"),
  column('lastPosition', 'position', "position of the customer's last event"),
  column('rep', 'string', 'the sales rep owning the customer (null: no routing yet)'),
];

/** Columns of `tasks`: one row per follow-up task of the read model (notes left out). */
export const TASK_COLUMNS: ReadonlyArray<Column> = [
  column('taskId', 'string', 'the task id'),
  column('customerId', 'string', 'the customer (its survivor after a merge)'),
  column('kind', 'string', 'first-contact, trial-check-in, nurture-email or re-engaged'),
  column('status', 'string', 'open, completed or superseded'),
  column('scheduledAt', 'timestamp', 'when it was opened'),
  column('dueAt', 'timestamp', 'when it is due'),
  column('overdue', 'boolean', 'passed its due time while open'),
  column('outcome', 'string', 'the outcome once completed'),
  column('completedAt', 'timestamp', 'when it was completed'),
  column('customerLastPosition', 'position', "position of the customer's last event"),
  column('rep', 'string', 'the sales rep owning the task (null: no routing yet)'),
];

/** The columns of a dataset. */
export const columnsOf = (dataset: Dataset): ReadonlyArray<Column> =>
  dataset === 'events' ? EVENT_COLUMNS : dataset === 'customers' ? CUSTOMER_COLUMNS : TASK_COLUMNS;
