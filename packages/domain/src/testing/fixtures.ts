import type { CustomerEvent, IncomingLead, KnownAction } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import type { CustomerCommand } from '../customer/command';
import { decide } from '../customer/decide';
import { evolve } from '../customer/evolve';
import type { CustomerState } from '../customer/state';
import { defaultFollowUpConfig, type FollowUpConfig } from '../followup/config';
import { followUpPolicy, type TaskDecision } from '../followup/policy';
import { normaliseCustomer } from '../normalise/customer';

/** Test support (not exported from the package): leads, commands and a fold that fails loudly. */
export const meta = { correlationId: 'corr-1', causationId: 'cause-1' };

/** An IncomingLead with sensible defaults; override any part. */
export const incomingLead = (overrides: {
  action?: KnownAction | null;
  rawAction?: string;
  isTest?: boolean;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  country?: string | null;
  offerId?: string | null;
}): IncomingLead => {
  const action = overrides.action === undefined ? 'PLT' : overrides.action;
  return {
    format: 'webhook',
    producerLeadId: null,
    occurredAt: null,
    source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
    action: { raw: overrides.rawAction ?? action ?? 'Purchase', known: action },
    offer: { publisherId: 'contoso', offerId: overrides.offerId ?? 'crm', title: 'Contoso CRM' },
    customer: {
      firstName: overrides.firstName === undefined ? 'Ada' : overrides.firstName,
      lastName: overrides.lastName === undefined ? 'Lovelace' : overrides.lastName,
      email: overrides.email === undefined ? 'ada@contoso.com' : overrides.email,
      phone: overrides.phone === undefined ? null : overrides.phone,
      country: overrides.country === undefined ? 'GB' : overrides.country,
      company: overrides.company === undefined ? 'Contoso' : overrides.company,
      title: null,
    },
    description: null,
    producer: null,
    isTest: overrides.isTest ?? false,
    unrecognized: action === null,
  };
};

/** A ReceiveLead command for `lead` on `customerId`. */
export const receiveLead = (
  customerId: string,
  leadId: string,
  receivedAt: string,
  lead: IncomingLead,
): CustomerCommand => ({
  type: 'ReceiveLead',
  data: {
    leadId,
    customerId,
    receivedAt,
    lead,
    normalised: normaliseCustomer(lead.customer),
    contentHash: `hash-${leadId}`,
    idempotencyKey: null,
    matchedBy: null,
  },
  metadata: meta,
});

/** Decides and folds a command; throws on a Left (a test bug or an expected failure under test). */
export const run = (
  state: CustomerState,
  command: CustomerCommand,
): { state: CustomerState; events: CustomerEvent[] } => {
  const result = decide(command, state);
  if (E.isLeft(result)) throw new Error(`${command.type} failed: ${JSON.stringify(result.left)}`);
  return { state: result.right.reduce(evolve, state), events: [...result.right] };
};

/** `base` plus `hours`, as ISO-8601. */
export const at = (hours: number, base = '2026-09-26T09:00:00.000Z'): string =>
  new Date(Date.parse(base) + hours * 3_600_000).toISOString();

/** Decides a command, folds it, then applies the follow-up policy to each new event (as the consumer does). */
export const runWithPolicy = (
  state: CustomerState,
  command: CustomerCommand,
  now: string,
  config: FollowUpConfig = defaultFollowUpConfig,
): { state: CustomerState; events: CustomerEvent[]; decisions: TaskDecision[] } => {
  const first = run(state, command);
  let current = first.state;
  const events = [...first.events];
  const decisions: TaskDecision[] = [];
  for (const event of first.events) {
    const made = followUpPolicy(current, event, now, config);
    decisions.push(...made);
    for (const d of made) {
      if (d.type !== 'schedule') continue;
      const scheduled = run(current, { type: 'ScheduleFollowUp', data: d.task, metadata: meta });
      current = scheduled.state;
      events.push(...scheduled.events);
    }
  }
  return { state: current, events, decisions };
};
