import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { caseInsensitiveType, keysMatching } from '../codec/caseInsensitiveType';
import { LenientString } from '../codec/lenientString';
import type { DecodeError } from './decodeErrors';
import { decodeError, fromValidationErrors, jsonPointer } from './decodeErrors';
import type { IncomingLead } from './incomingLead';
import type { LeadSourceParts } from './leadSource';
import { knownActionOf, knownSourceOf, parseLeadSource } from './leadSource';
import { hasTestMarker } from './testLead';

/** The marketplace's `UserDetails`: keys case-insensitive; each field trimmed, missing/blank -> null. */
export const MarketplaceUserDetails = caseInsensitiveType(
  {
    FirstName: LenientString,
    LastName: LenientString,
    Email: LenientString,
    Phone: LenientString,
    Country: LenientString,
    Company: LenientString,
    Title: LenientString,
  },
  'UserDetails object or null',
  { absentAsEmpty: true },
);
export type MarketplaceUserDetails = t.TypeOf<typeof MarketplaceUserDetails>;

/**
 * The marketplace webhook payload, normalised: keys matched case-insensitively at every
 * level, strings trimmed, missing/null/blank -> null. Unknown keys are ignored.
 */
export const MarketplaceWebhook = caseInsensitiveType(
  {
    UserDetails: MarketplaceUserDetails,
    LeadSource: LenientString,
    ActionCode: LenientString,
    OfferTitle: LenientString,
    Description: LenientString,
  },
  'marketplace webhook payload object',
  { absentAsEmpty: false },
);
export type MarketplaceWebhook = t.TypeOf<typeof MarketplaceWebhook>;

/** Where a top-level webhook field sits in the body as sent (`/actionCode` if sent so), for error paths. */
const pathOf = (body: unknown, key: string): string => {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return jsonPointer([keysMatching(record, key)[0] ?? key]);
};

const ACTIONS_HINT = 'PLT, INS, Create, StartTestDrive or DNC';

const chooseAction = (
  payload: MarketplaceWebhook,
  leadSource: LeadSourceParts | null,
  body: unknown,
): E.Either<DecodeError[], string> => {
  const fromCode = payload.ActionCode;
  const fromSource = leadSource?.action ?? null;
  if (fromCode !== null && fromSource !== null && fromCode.toLowerCase() !== fromSource.toLowerCase()) {
    const message =
      `ActionCode ${JSON.stringify(fromCode)} disagrees with action ${JSON.stringify(fromSource)} ` +
      `in LeadSource ${JSON.stringify(payload.LeadSource)}`;
    return E.left([decodeError(pathOf(body, 'ActionCode'), message)]);
  }
  const action = fromCode ?? fromSource;
  if (action !== null) return E.right(action);
  const got =
    payload.LeadSource === null ? 'no LeadSource' : `LeadSource ${JSON.stringify(payload.LeadSource)}`;
  const message =
    `no usable action: expected ActionCode (${ACTIONS_HINT}) or a LeadSource in the form ` +
    `"Source-Action | publisher.offer", got no ActionCode and ${got}`;
  return E.left([decodeError(pathOf(body, 'ActionCode'), message)]);
};

const toIncomingLead = (
  payload: MarketplaceWebhook,
  leadSource: LeadSourceParts | null,
  action: string,
): IncomingLead => {
  const details = payload.UserDetails;
  const sourceRaw = leadSource?.source ?? null;
  const sourceKnown = sourceRaw === null ? null : knownSourceOf(sourceRaw);
  const actionKnown = knownActionOf(action);
  // One literal with every field (isTest filled in after): a spread that adds keys is slow in V8.
  const lead: { -readonly [K in keyof IncomingLead]: IncomingLead[K] } = {
    format: 'webhook',
    producerLeadId: null,
    occurredAt: null,
    source: { raw: sourceRaw, known: sourceKnown },
    action: { raw: action, known: actionKnown },
    offer: {
      publisherId: leadSource?.offer?.publisherId ?? null,
      offerId: leadSource?.offer?.offerId ?? null,
      title: payload.OfferTitle,
    },
    customer: {
      firstName: details.FirstName,
      lastName: details.LastName,
      email: details.Email,
      phone: details.Phone,
      country: details.Country,
      company: details.Company,
      title: details.Title,
    },
    description: payload.Description,
    producer: null,
    isTest: false,
    unrecognized: (sourceRaw !== null && sourceKnown === null) || actionKnown === null,
  };
  // The marker is looked for in strings only, so the two booleans do not change the answer.
  lead.isTest = hasTestMarker(lead);
  return lead;
};

/** Turns a decoded webhook payload into an IncomingLead; fails when no action is given or the two forms disagree. */
export const webhookToIncomingLead = (
  payload: MarketplaceWebhook,
  body: unknown = payload,
): E.Either<DecodeError[], IncomingLead> => {
  const leadSource = payload.LeadSource === null ? null : parseLeadSource(payload.LeadSource);
  const action = chooseAction(payload, leadSource, body);
  return E.isLeft(action) ? action : E.right(toIncomingLead(payload, leadSource, action.right));
};

/** Decodes a marketplace webhook body (already known to be an object or not) into an IncomingLead. */
export const decodeMarketplaceWebhook = (body: unknown): E.Either<DecodeError[], IncomingLead> => {
  const payload = MarketplaceWebhook.decode(body);
  return E.isLeft(payload)
    ? E.left(fromValidationErrors(payload.left))
    : webhookToIncomingLead(payload.right, body);
};
