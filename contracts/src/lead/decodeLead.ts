import * as E from 'fp-ts/Either';
import { decodeCanonicalRawLead } from './canonicalRawLead';
import type { DecodeError } from './decodeErrors';
import { decodeError, describeValue } from './decodeErrors';
import type { IncomingLead } from './incomingLead';
import { decodeMarketplaceWebhook } from './marketplaceWebhook';

/** The two inbound lead forms. */
export type LeadFormat = 'webhook' | 'canonical';

const WEBHOOK_KEYS = ['UserDetails', 'LeadSource', 'ActionCode', 'OfferTitle'];
const CANONICAL_KEYS = ['id', 'occurredAt', 'source', 'action', 'offer', 'customer', 'producer'];

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const WEBHOOK_LOWER = new Set(WEBHOOK_KEYS.map((name) => name.toLowerCase()));
const CANONICAL_LOWER = new Set(CANONICAL_KEYS.map((name) => name.toLowerCase()));

const keysAmong = (body: Record<string, unknown>, wanted: ReadonlySet<string>): string[] =>
  Object.keys(body).filter((key) => wanted.has(key.toLowerCase()));

/** The form a lower-cased key belongs to. */
const FORM_OF_LOWER: ReadonlyMap<string, LeadFormat> = new Map([
  ...[...WEBHOOK_LOWER].map((key) => [key, 'webhook'] as const),
  ...[...CANONICAL_LOWER].map((key) => [key, 'canonical'] as const),
]);
/** The same by the documented spellings (most bodies), which then need no lower-casing. */
const FORM_OF_SPELLING: ReadonlyMap<string, LeadFormat> = new Map([
  ...WEBHOOK_KEYS.map((key) => [key, 'webhook'] as const),
  ...CANONICAL_KEYS.map((key) => [key, 'canonical'] as const),
  ...FORM_OF_LOWER,
]);

/** The form when the keys name exactly one; undefined when they name both or neither (an error). */
const soleFormOf = (body: Record<string, unknown>): LeadFormat | undefined => {
  let found: LeadFormat | undefined;
  for (const key of Object.keys(body)) {
    const form = FORM_OF_SPELLING.get(key) ?? FORM_OF_LOWER.get(key.toLowerCase());
    if (form === undefined) continue;
    if (found !== undefined && found !== form) return undefined;
    found = form;
  }
  return found;
};

const listKeys = (keys: ReadonlyArray<string>): string =>
  keys.length === 0 ? '(none)' : keys.map((key) => JSON.stringify(key)).join(', ');

/**
 * Tells the form of a lead object by its top-level keys, compared case-insensitively: webhook keys
 * (UserDetails, LeadSource, ActionCode, OfferTitle) or canonical ones (id, occurredAt, source, action,
 * offer, customer, producer). Both kinds, or neither, is an error at path "".
 */
export const detectLeadFormat = (body: Record<string, unknown>): E.Either<DecodeError[], LeadFormat> => {
  const sole = soleFormOf(body);
  if (sole !== undefined) return E.right(sole);
  const webhookKeys = keysAmong(body, WEBHOOK_LOWER);
  const canonicalKeys = keysAmong(body, CANONICAL_LOWER);
  if (webhookKeys.length > 0 && canonicalKeys.length === 0) return E.right('webhook');
  if (canonicalKeys.length > 0 && webhookKeys.length === 0) return E.right('canonical');
  if (webhookKeys.length > 0) {
    const message =
      `ambiguous lead: marketplace webhook keys (${listKeys(webhookKeys)}) mixed with ` +
      `leadflow.raw-lead.v1 keys (${listKeys(canonicalKeys)}); send one form`;
    return E.left([decodeError('', message)]);
  }
  const message =
    `expected a marketplace webhook payload (${WEBHOOK_KEYS.join(', ')}, Description) or a ` +
    `leadflow.raw-lead.v1 object (${CANONICAL_KEYS.join(', ')}, description), got keys ${listKeys(Object.keys(body))}`;
  return E.left([decodeError('', message)]);
};

/** Decodes one lead body, a marketplace webhook payload or a `leadflow.raw-lead.v1`, into an IncomingLead. */
export const decodeLead = (body: unknown): E.Either<DecodeError[], IncomingLead> => {
  if (!isRecord(body)) {
    return E.left([decodeError('', `expected a JSON object (one lead), got ${describeValue(body)}`)]);
  }
  const format = detectLeadFormat(body);
  if (E.isLeft(format)) return format;
  return format.right === 'webhook' ? decodeMarketplaceWebhook(body) : decodeCanonicalRawLead(body);
};
