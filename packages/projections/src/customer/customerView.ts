import {
  isAnonymousCustomer,
  isTestCustomer,
  openTasks,
  speedToLeadSeconds,
  type Task,
} from '@leadflow/domain';
import type { StageChange } from '@leadflow/contracts';
import { offerSummaries, type OfferSummary } from './offerSummary';
import type { LeadRef, ProjectedCustomer } from './projectedCustomer';

/** The deduplicated customer (`GET /v1/customers/{id}`). */
export interface CustomerView {
  readonly id: string;
  readonly aliases: ReadonlyArray<string>;
  readonly names: ReadonlyArray<string>;
  readonly emails: ReadonlyArray<string>;
  readonly phones: ReadonlyArray<string>;
  readonly company: string | null;
  readonly title: string | null;
  readonly country: string | null;
  readonly offers: ReadonlyArray<OfferSummary>;
  readonly stage: string | null;
  readonly stageHistory: ReadonlyArray<StageChange>;
  readonly leadCount: number;
  readonly firstSeenAt: string | null;
  readonly lastActivityAt: string | null;
  readonly flags: { isTest: boolean; anonymous: boolean; optedOut: boolean; unrecognized: boolean };
  /** The customer's personal data was erased: no personal field is left, only its non-personal facts. */
  readonly erased: boolean;
  readonly openTasks: ReadonlyArray<Task>;
  readonly firstContactAt: string | null;
  readonly speedToLeadSeconds: number | null;
  /** The rep that owns the customer (the first one any of its tasks went to), else null. */
  readonly owner: string | null;
}

const distinct = (values: ReadonlyArray<string | null>): ReadonlyArray<string> => [
  ...new Set(values.filter((v): v is string => v !== null && v !== '')),
];

const latest = (leads: ReadonlyArray<LeadRef>, pick: (l: LeadRef) => string | null): string | null => {
  for (let i = leads.length - 1; i >= 0; i -= 1) {
    const value = pick(leads[i]!);
    if (value !== null && value !== '') return value;
  }
  return null;
};

/** The view of a stored customer document; real (non-test) leads win for display fields. */
export const customerView = (doc: ProjectedCustomer): CustomerView => {
  const { state } = doc;
  const real = doc.leads.filter((l) => !l.isTest);
  const shown = real.length > 0 ? real : doc.leads;
  return {
    id: doc.customerId,
    aliases: state.aliases,
    names: distinct(shown.map((l) => l.name)),
    emails: state.identity.emails,
    phones: state.identity.phones,
    company: latest(shown, (l) => l.company),
    title: latest(shown, (l) => l.jobTitle),
    country: latest(shown, (l) => l.country),
    offers: offerSummaries(doc.leads),
    stage: state.stage,
    stageHistory: state.stageHistory,
    leadCount: state.leadIds.length,
    firstSeenAt: state.createdAt === '' ? null : state.createdAt,
    lastActivityAt: state.lastActivityAt,
    flags: {
      isTest: isTestCustomer(state),
      // An erased customer had an identity; it is not anonymous, it is erased.
      anonymous: state.erased !== true && isAnonymousCustomer(state),
      optedOut: state.optedOut,
      unrecognized: state.unrecognizedLeadCount > 0,
    },
    erased: state.erased === true,
    openTasks: openTasks(state),
    firstContactAt: state.firstContactAt,
    speedToLeadSeconds: speedToLeadSeconds(state),
    owner: state.owner ?? null,
  };
};

/** A short list entry of a customer (`GET /v1/customers`). */
export const customerListItem = (doc: ProjectedCustomer) => {
  const view = customerView(doc);
  return {
    id: view.id,
    names: view.names,
    emails: view.emails,
    company: view.company,
    country: view.country,
    stage: view.stage,
    offers: view.offers.map((o) => o.offerKey),
    leadCount: view.leadCount,
    firstSeenAt: view.firstSeenAt,
    lastActivityAt: view.lastActivityAt,
    flags: view.flags,
    owner: view.owner,
  };
};
