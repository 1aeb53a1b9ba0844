import * as t from 'io-ts';

/** Lead sources leadflow knows; `AppSource` stands for `AppSource (SPZA)`, `SPZA` and `AppSource`. */
export const KnownSource = t.keyof({
  AzureMarketplace: null,
  AzurePortal: null,
  AppSource: null,
  TestDrive: null,
});
export type KnownSource = t.TypeOf<typeof KnownSource>;

/** Lead actions leadflow knows, in their canonical spelling. */
export const KnownAction = t.keyof({ PLT: null, INS: null, Create: null, StartTestDrive: null, DNC: null });
export type KnownAction = t.TypeOf<typeof KnownAction>;

const nullableString = t.union([t.string, t.null]);

/** Customer fields as the producer sent them: trimmed, empty strings turned into null, nothing else changed. */
export const RawCustomerFields = t.type({
  firstName: nullableString,
  lastName: nullableString,
  email: nullableString,
  phone: nullableString,
  country: nullableString,
  company: nullableString,
  title: nullableString,
});
export type RawCustomerFields = t.TypeOf<typeof RawCustomerFields>;

export const OfferRef = t.type({
  publisherId: nullableString,
  offerId: nullableString,
  title: nullableString,
});
export type OfferRef = t.TypeOf<typeof OfferRef>;

/**
 * One decoded lead, whichever form it arrived in (marketplace webhook or canonical raw lead).
 * `source.known` / `action.known` are null when the raw value is not one leadflow knows
 * (then `unrecognized` is true: stored and listed for review, no stage change, no task).
 */
export const IncomingLead = t.type({
  format: t.keyof({ webhook: null, canonical: null }),
  /** The canonical lead's `id` (its idempotency key); null for webhook payloads. */
  producerLeadId: nullableString,
  /** The canonical lead's `occurredAt` (ISO-8601); null for webhook payloads. */
  occurredAt: nullableString,
  source: t.type({ raw: nullableString, known: t.union([KnownSource, t.null]) }),
  action: t.type({ raw: t.string, known: t.union([KnownAction, t.null]) }),
  offer: OfferRef,
  customer: RawCustomerFields,
  description: nullableString,
  producer: nullableString,
  /** Any field starts with `MSFT_TEST` (the marketplace's publish-time test lead). */
  isTest: t.boolean,
  unrecognized: t.boolean,
});
export type IncomingLead = t.TypeOf<typeof IncomingLead>;
