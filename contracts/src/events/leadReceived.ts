import * as t from 'io-ts';
import { KnownAction, KnownSource, OfferRef, RawCustomerFields } from '../lead/incomingLead';
import { MatchRule, NormalisedCustomer } from './identity';
import { eventCodec } from './metadata';

const nullableString = t.union([t.string, t.null]);

/** Who sent the lead and how: kept so a lead can be traced back to its producer. */
export const LeadProducer = t.type({
  format: t.keyof({ webhook: null, canonical: null }),
  /** The producer's free-form name (canonical `producer`), null for webhooks. */
  name: nullableString,
  /** The canonical lead's `id`, null for webhooks. */
  producerLeadId: nullableString,
  idempotencyKey: nullableString,
  /** The canonical lead's `occurredAt`, null for webhooks. */
  occurredAt: nullableString,
});
export type LeadProducer = t.TypeOf<typeof LeadProducer>;

/** LeadReceived, schema version 1 (the latest). */
export const LeadReceivedData = t.type({
  leadId: t.string,
  customerId: t.string,
  receivedAt: t.string,
  source: t.type({ raw: nullableString, known: t.union([KnownSource, t.null]) }),
  action: t.type({ raw: t.string, known: t.union([KnownAction, t.null]) }),
  offer: OfferRef,
  description: nullableString,
  customer: t.type({ original: RawCustomerFields, normalised: NormalisedCustomer }),
  contentHash: t.string,
  producer: LeadProducer,
  /** The rule that linked this lead to an existing customer; null when it started the customer. */
  matchedBy: t.union([MatchRule, t.null]),
  isTest: t.boolean,
  unrecognized: t.boolean,
});
export type LeadReceivedData = t.TypeOf<typeof LeadReceivedData>;

/** A lead was accepted and appended to its customer's stream. */
export const LeadReceived = eventCodec('LeadReceived', LeadReceivedData);
export type LeadReceived = t.TypeOf<typeof LeadReceived>;
