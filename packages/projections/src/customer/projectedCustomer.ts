import type { CustomerEvent, LeadReceivedData } from '@leadflow/contracts';
import { evolve, initialState, type CustomerState } from '@leadflow/domain';

/** What the read side keeps of one lead beyond the domain state: offer, source and display fields. */
export interface LeadRef {
  readonly leadId: string;
  readonly at: string;
  readonly offerKey: string;
  readonly publisherId: string | null;
  readonly offerId: string | null;
  readonly title: string | null;
  readonly source: string;
  readonly action: string;
  readonly isTest: boolean;
  readonly name: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly country: string | null;
}

/** One customer as the projection stores it (jsonb): the folded domain state plus the read side's extras. */
export interface ProjectedCustomer {
  readonly customerId: string;
  readonly state: CustomerState;
  readonly leads: ReadonlyArray<LeadRef>;
  /** Global position of the customer's first event: the immutable list order key. */
  readonly firstPosition: string;
  readonly lastPosition: string;
  /** Events applied to this customer (a re-applied event would show here). */
  readonly eventCount: number;
}

/** The offer a lead names: `publisher.offer`, else its title, else `unknown`. */
export const offerKeyOf = (offer: LeadReceivedData['offer']): string =>
  offer.offerId !== null
    ? `${offer.publisherId ?? ''}.${offer.offerId}`
    : offer.title !== null
      ? `title:${offer.title}`
      : 'unknown';

const joinName = (first: string | null, last: string | null): string | null => {
  const name = [first, last].filter((p): p is string => p !== null && p !== '').join(' ');
  return name === '' ? null : name;
};

const leadRefOf = (lead: LeadReceivedData): LeadRef => ({
  leadId: lead.leadId,
  at: lead.receivedAt,
  offerKey: offerKeyOf(lead.offer),
  publisherId: lead.offer.publisherId,
  offerId: lead.offer.offerId,
  title: lead.offer.title,
  source: lead.source.known ?? lead.source.raw ?? 'unknown',
  action: lead.action.known ?? lead.action.raw,
  isTest: lead.isTest,
  name: joinName(lead.customer.original.firstName, lead.customer.original.lastName),
  company: lead.customer.original.company,
  jobTitle: lead.customer.original.title,
  country: lead.customer.normalised.country,
});

/** A customer before its first event. */
export const emptyProjectedCustomer = (customerId: string, position: string): ProjectedCustomer => ({
  customerId,
  state: initialState(),
  leads: [],
  firstPosition: position,
  lastPosition: position,
  eventCount: 0,
});

const leadsAfter = (
  doc: ProjectedCustomer,
  event: CustomerEvent,
  lookup: (customerId: string) => ProjectedCustomer | undefined,
): ReadonlyArray<LeadRef> => {
  if (event.type === 'LeadReceived') {
    return doc.leads.some((l) => l.leadId === event.data.leadId)
      ? doc.leads
      : [...doc.leads, leadRefOf(event.data)];
  }
  if (event.type === 'CustomerMerged') {
    // The merged customer's own read document carries its offers; the snapshot in the event does not.
    const absorbed = lookup(event.data.mergedCustomerId)?.leads ?? [];
    const known = new Set(doc.leads.map((l) => l.leadId));
    const added = absorbed.filter((l) => !known.has(l.leadId));
    return added.length === 0 ? doc.leads : [...doc.leads, ...added].sort(byTime);
  }
  if (event.type === 'PersonalDataErased') {
    // Offers, sources, actions, dates and country stay (funnels and history are not personal).
    return doc.leads.map((l) =>
      l.name === null && l.company === null && l.jobTitle === null
        ? l
        : { ...l, name: null, company: null, jobTitle: null },
    );
  }
  return doc.leads;
};

const byTime = (a: LeadRef, b: LeadRef): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** Applies one decoded event at `position` (pure; `lookup` gives the current document of another customer). */
export const evolveProjected = (
  doc: ProjectedCustomer,
  event: CustomerEvent,
  position: string,
  lookup: (customerId: string) => ProjectedCustomer | undefined,
): ProjectedCustomer => ({
  customerId: doc.customerId,
  state: evolve(doc.state, event),
  leads: leadsAfter(doc, event, lookup),
  firstPosition: doc.eventCount === 0 ? position : doc.firstPosition,
  lastPosition: position,
  eventCount: doc.eventCount + 1,
});
