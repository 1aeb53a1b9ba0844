/** The parts of the API's answers the console shows (the API may send more). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TaskContext {
  action: string | null;
  leadId: string;
  offerId: string | null;
  offerTitle: string | null;
  publisherId: string | null;
}

export interface Task {
  taskId: string;
  customerId: string;
  kind: string;
  status: string;
  dueAt: string;
  scheduledAt: string;
  completedAt: string | null;
  outcome: string | null;
  overdue: boolean;
  /** Past the SLA's at-risk point (routing); absent on a server without routing. */
  atRisk?: boolean;
  /** The rep holding the task, null when none does; absent on a server without routing. */
  assignee?: string | null;
  context: TaskContext[];
}

export interface Rep {
  id: string;
  name: string;
  email: string | null;
  manager: string | null;
  active: boolean;
}

/** One opt-out or opt-in, as `GET /v1/customers/{id}/consent` lists them. */
export interface ConsentChange {
  optedOut: boolean;
  reason: string | null;
  source: string | null;
  by: string | null;
  at: string;
}

/** What `POST /v1/customers/{id}/erasure` and `GET /v1/privacy/erasures/{id}` answer. */
export interface Erasure {
  erasureId: string;
  customerId: string;
  status: string;
}

export interface Flags {
  isTest: boolean;
  anonymous: boolean;
  optedOut: boolean;
  unrecognized: boolean;
}

export interface CustomerSummary {
  id: string;
  names: string[];
  emails: string[];
  company: string | null;
  country: string | null;
  stage: string | null;
  offers: string[];
  leadCount: number;
  lastActivityAt: string;
  flags: Flags;
}

export interface Offer {
  offerKey: string;
  title: string | null;
  publisherId: string | null;
  offerId: string | null;
  actions: string[];
  sources: string[];
  leadCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface Customer {
  id: string;
  aliases: string[];
  names: string[];
  emails: string[];
  phones: string[];
  company: string | null;
  title: string | null;
  country: string | null;
  offers: Offer[];
  stage: string | null;
  stageHistory: Array<{ stage: string; at: string; cause?: string | null }>;
  leadCount: number;
  firstSeenAt: string;
  lastActivityAt: string;
  flags: Flags;
  firstContactAt: string | null;
  speedToLeadSeconds: number | null;
  /** The rep that owns the customer (sticky ownership); absent on a server without routing. */
  owner?: string | null;
  /** Its personal data was erased: only non-personal facts are left. */
  erased?: boolean;
}

export interface TimelineEvent {
  position: string;
  type: string;
  recordedAt: string;
  streamName: string;
  data: Record<string, unknown>;
}

export interface Funnel {
  stages: Record<string, number>;
  conversion: Array<{ from: string; to: string; rate: number | null }>;
  medianSpeedToLeadSeconds: number | null;
}

export interface Rejected {
  id: string;
  receivedAt: string;
  channel: string;
  status: number;
  reason: string;
  errors: Array<{ path?: string; message?: string }>;
  body: string | null;
  bodyTruncated: boolean;
}

export interface Unrecognized {
  leadId: string;
  customerId: string;
  receivedAt: string;
  lead: {
    action?: { raw?: string | null; known?: string | null };
    source?: { raw?: string | null; known?: string | null };
    offer?: { title?: string | null };
  };
}

export interface DeadLetter {
  globalPosition: string;
  eventId: string;
  streamName: string;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

/** What a customer is called on screen: a name, else an email, else a phone, else its company. */
export const displayName = (c: {
  names: string[];
  emails: string[];
  phones?: string[];
  company: string | null;
  erased?: boolean;
}): string =>
  c.names[0] ??
  c.emails[0] ??
  c.phones?.[0] ??
  c.company ??
  (c.erased === true ? 'Erased customer' : 'Anonymous customer');
