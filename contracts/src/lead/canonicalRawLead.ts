import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { rfc3339DateTime } from '../codec/dateTime';
import { trimToNull } from '../codec/lenientString';
import { anyString, closedObject, constrainedString, nullable } from '../codec/schemaCodec';
import type { DecodeError } from './decodeErrors';
import { fromValidationErrors } from './decodeErrors';
import type { IncomingLead } from './incomingLead';
import { knownActionOf, knownSourceOf } from './leadSource';
import { hasTestMarker } from './testLead';

/** The schema name producers use for this format (also the CloudEvents type on `leads.raw`). */
export const RAW_LEAD_V1 = 'leadflow.raw-lead.v1';

const optionalText = (description: string) => nullable(anyString(description));

const offerDefinition = closedObject({
  name: 'offer object',
  description: 'The marketplace offer the lead is about: `publisherId.offerId` in the marketplace.',
  required: {},
  optional: {
    publisherId: optionalText('Publisher id, the part of `publisherid.offerid` before the first dot.'),
    offerId: optionalText('Offer id, the part after the first dot (may contain `-` and `.`).'),
    title: optionalText('Offer title as shown in the marketplace.'),
  },
});

const customerDefinition = closedObject({
  name: 'customer object',
  description: 'The person behind the lead, as the producer has it. Blank strings count as absent.',
  required: {},
  optional: {
    firstName: optionalText('Given name.'),
    lastName: optionalText('Family name.'),
    email: optionalText('E-mail address as given; leadflow normalises it.'),
    phone: optionalText('Phone number in any notation; parsed with `country` as default region.'),
    country: optionalText('ISO 3166 alpha-2 (`US`) or a longer name (`USA`, `United States`).'),
    company: optionalText('Company name.'),
    title: optionalText('Job title.'),
  },
});

const NON_BLANK = '\\S';

/**
 * The one definition of `leadflow.raw-lead.v1`: the codec and the published JSON Schema both come
 * from it. Only `id`, `occurredAt` and `action` are required; every other field may be absent or null.
 */
export const rawLeadV1Definition = closedObject({
  name: 'leadflow.raw-lead.v1 object',
  description:
    'A raw lead from an upstream producer. Unknown properties are rejected, so a misspelt field is reported ' +
    'instead of lost; blank optional strings count as absent.',
  required: {
    id: constrainedString({
      name: 'non-blank string of at most 200 characters',
      description: "The producer's event id: the idempotency key. The same id is stored once.",
      minLength: 1,
      maxLength: 200,
      pattern: NON_BLANK,
      examples: ['evt-000003-367239056'],
    }),
    occurredAt: rfc3339DateTime(
      'When the customer acted, RFC 3339 with an offset (e.g. 2026-09-26T18:39:50Z); the producer may not know ' +
        'the exact time and then sends when it learnt of the lead.',
    ),
    action: constrainedString({
      name: 'non-blank string of at most 100 characters',
      description:
        'What the customer did: PLT (contact me), INS (get it now), Create (Azure portal purchase), ' +
        'StartTestDrive or DNC (do not contact), case-insensitive. Another value is stored and flagged unrecognized.',
      minLength: 1,
      maxLength: 100,
      pattern: NON_BLANK,
      examples: ['PLT', 'INS', 'Create', 'StartTestDrive', 'DNC'],
    }),
  },
  optional: {
    source: optionalText(
      'AzureMarketplace, AzurePortal, AppSource (SPZA) (also AppSource, SPZA) or TestDrive, case-insensitive. ' +
        'Another value is stored and flagged unrecognized.',
    ),
    offer: nullable(offerDefinition),
    customer: nullable(customerDefinition),
    description: optionalText('Free text the customer or producer attached.'),
    producer: optionalText('Who produced the lead (free string, e.g. `crm-sync`).'),
  },
});

/** A canonical raw lead `leadflow.raw-lead.v1` exactly as a producer sent it. */
export const CanonicalRawLead = rawLeadV1Definition.codec;
export type CanonicalRawLead = t.TypeOf<typeof CanonicalRawLead>;

/** Maps a canonical raw lead to an IncomingLead: strings trimmed, blank -> null, source and action recognised. */
export const canonicalToIncomingLead = (raw: CanonicalRawLead): IncomingLead => {
  const action = raw.action.trim();
  const sourceRaw = trimToNull(raw.source);
  const sourceKnown = sourceRaw === null ? null : knownSourceOf(sourceRaw);
  const actionKnown = knownActionOf(action);
  const customer = raw.customer ?? {};
  const offer = raw.offer ?? {};
  // One literal with every field (isTest filled in after): a spread that adds keys is slow in V8.
  const lead: { -readonly [K in keyof IncomingLead]: IncomingLead[K] } = {
    format: 'canonical',
    producerLeadId: raw.id,
    occurredAt: raw.occurredAt,
    source: { raw: sourceRaw, known: sourceKnown },
    action: { raw: action, known: actionKnown },
    offer: {
      publisherId: trimToNull(offer.publisherId),
      offerId: trimToNull(offer.offerId),
      title: trimToNull(offer.title),
    },
    customer: {
      firstName: trimToNull(customer.firstName),
      lastName: trimToNull(customer.lastName),
      email: trimToNull(customer.email),
      phone: trimToNull(customer.phone),
      country: trimToNull(customer.country),
      company: trimToNull(customer.company),
      title: trimToNull(customer.title),
    },
    description: trimToNull(raw.description),
    producer: trimToNull(raw.producer),
    isTest: false,
    unrecognized: (sourceRaw !== null && sourceKnown === null) || actionKnown === null,
  };
  // The marker is looked for in strings only, so the two booleans do not change the answer.
  lead.isTest = hasTestMarker(lead);
  return lead;
};

/** Decodes a `leadflow.raw-lead.v1` body into an IncomingLead. */
export const decodeCanonicalRawLead = (body: unknown): E.Either<DecodeError[], IncomingLead> => {
  const raw = CanonicalRawLead.decode(body);
  return E.isLeft(raw) ? E.left(fromValidationErrors(raw.left)) : E.right(canonicalToIncomingLead(raw.right));
};
