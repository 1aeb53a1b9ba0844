import type { CustomerSnapshot, Stage, TaskContextEntry, TaskSnapshot } from '@leadflow/contracts';
import { emptySummary } from '../identity/identitySummary';

/** A follow-up task as the customer state holds it. */
export type Task = TaskSnapshot;

/** An actionable lead that arrived while the customer had no email or phone: its tasks wait for contact details. */
export type MissedLead = {
  readonly leadId: string;
  readonly receivedAt: string;
  readonly action: 'PLT' | 'INS' | 'Create' | 'StartTestDrive';
  readonly context: TaskContextEntry;
};

/**
 * The state of one customer stream, folded from its events. `empty` before the first lead;
 * `merged` once it was merged into a survivor (its stream is then closed).
 */
export type CustomerState = CustomerSnapshot & {
  readonly status: 'empty' | 'active' | 'merged';
  readonly mergedInto: string | null;
  /** Derived from the marketplace and sales stages; never stored as truth. */
  readonly stage: Stage | null;
  // Optional: states folded and stored before routing existed lack them (read as null / empty).
  /** The first rep a task of the customer was assigned to (sticky ownership). */
  readonly owner?: string | null;
  /** Actionable leads that came before the customer had an email or phone. */
  readonly missedLeads?: ReadonlyArray<MissedLead>;
  /** The lead that brought the first email or phone after missed leads (their tasks open then). */
  readonly contactableByLead?: string | null;
  /** The customer's personal data was erased: only non-personal facts are left. */
  readonly erased?: boolean;
  /** The latest country a real lead named (ISO-2): what territories are matched against. */
  readonly country?: string | null;
};

/** The state before any event (Decider `initialState`). */
export const initialState = (): CustomerState => ({
  status: 'empty',
  mergedInto: null,
  stage: null,
  customerId: '',
  createdAt: '',
  aliases: [],
  identity: emptySummary,
  leadIds: [],
  realLeadCount: 0,
  testLeadCount: 0,
  unrecognizedLeadCount: 0,
  optedOut: false,
  marketplaceStage: null,
  salesStage: null,
  stageHistory: [],
  tasks: [],
  firstActionableLeadAt: null,
  firstContactAt: null,
  lastActivityAt: null,
  owner: null,
  missedLeads: [],
  contactableByLead: null,
  erased: false,
  country: null,
});

/** A customer that only ever received the marketplace's publish-time test leads. */
export const isTestCustomer = (state: CustomerState): boolean =>
  state.testLeadCount > 0 && state.realLeadCount === 0;

/** Contactable: not a test customer, not opted out, and reachable by email or phone. */
export const isContactable = (state: CustomerState): boolean =>
  !isTestCustomer(state) &&
  !state.optedOut &&
  (state.identity.emails.length > 0 || state.identity.phones.length > 0);

/** A customer with no email, no phone and no name (rule 4). */
export const isAnonymousCustomer = (state: CustomerState): boolean =>
  state.identity.emails.length === 0 &&
  state.identity.phones.length === 0 &&
  state.identity.names.length === 0;

/** Open tasks, in scheduling order. */
export const openTasks = (state: CustomerState): ReadonlyArray<Task> =>
  state.tasks.filter((t) => t.status === 'open');

/** The customer's open task of a kind (at most one per kind is kept open). */
export const openTaskOfKind = (state: CustomerState, kind: Task['kind']): Task | undefined =>
  state.tasks.find((t) => t.status === 'open' && t.kind === kind);

/** A task by id, whatever its status. */
export const taskById = (state: CustomerState, taskId: string): Task | undefined =>
  state.tasks.find((t) => t.taskId === taskId);

/** Speed-to-lead: seconds from the first actionable lead to the first completed contact. */
export const speedToLeadSeconds = (state: CustomerState): number | null =>
  state.firstActionableLeadAt === null || state.firstContactAt === null
    ? null
    : Math.max(0, (Date.parse(state.firstContactAt) - Date.parse(state.firstActionableLeadAt)) / 1000);

/** The customer's state as a snapshot, the payload a merge hands to the survivor. */
export const toSnapshot = (state: CustomerState): CustomerSnapshot => {
  const {
    status: _status,
    mergedInto: _mergedInto,
    stage: _stage,
    owner: _owner,
    missedLeads: _missed,
    contactableByLead: _byLead,
    country: _country,
    erased: _erased,
    ...snapshot
  } = state;
  return snapshot;
};
