import { DESCRIPTIONS, JOB_TITLES, OFFERS, PRODUCERS, type Offer } from './catalog';
import { spellEmail } from './emails';
import type { LeadPlan, UnrecognizedHow } from './plans';
import { COUNTRY_PLANS, EXTENSIONS, INTERNATIONAL_SPELLINGS, spellingsFor, spellPhone } from './phones';
import type { Rng } from './prng';
import { spellCompany, spellName } from './spellings';
import type { Action, Expect } from './types';

/** A delivery before its position in the stream is known. */
export type Pending = {
  kind: 'webhook' | 'canonical' | 'bad-json' | 'bad-raw';
  body: unknown;
  headers: Record<string, string>;
  expect: Expect;
  /** The lead it comes from (accepted deliveries only). */
  plan?: LeadPlan;
};

/** Key spellings of a webhook: the marketplace's own, its test lead's camelCase, and worse. */
export type KeyStyle = 'Pascal' | 'camel-top' | 'camel' | 'upper' | 'lower' | 'mixed';
const KEY_STYLES: ReadonlyArray<KeyStyle> = [
  'Pascal',
  'Pascal',
  'camel-top',
  'Pascal',
  'upper',
  'Pascal',
  'camel',
  'Pascal',
  'lower',
  'camel-top',
  'mixed',
];

const ACTION_SPELLINGS: Readonly<Record<Action, ReadonlyArray<string>>> = {
  PLT: ['PLT', 'plt', 'Plt'],
  INS: ['INS', 'ins'],
  Create: ['Create', 'create', 'CREATE'],
  StartTestDrive: ['StartTestDrive', 'starttestdrive', 'STARTTESTDRIVE'],
  DNC: ['DNC', 'dnc'],
};

// Every spelling of every source occurs; Create comes from the Azure portal, test drives mostly from TestDrive.
const SOURCES_FOR: Readonly<Record<Action, ReadonlyArray<string>>> = {
  PLT: ['AppSource (SPZA)', 'AzureMarketplace', 'AppSource', 'SPZA', 'AppSource (SPZA)', 'AzureMarketplace'],
  INS: ['AzureMarketplace', 'AppSource (SPZA)', 'AzurePortal', 'SPZA', 'AppSource'],
  Create: ['AzurePortal'],
  StartTestDrive: ['TestDrive', 'AppSource (SPZA)', 'TestDrive', 'AzureMarketplace'],
  DNC: ['AppSource (SPZA)', 'AppSource', 'AzureMarketplace'],
};

const SEPARATORS = ['|', ' |', '| ', ' | '];

export type RenderState = {
  readonly rng: Rng;
  readonly seed: number;
  /** Content keys of the webhook bodies so far: two distinct leads must never read as one. */
  readonly contents: Set<string>;
  /** Round-robin counters: every spelling of a list comes up once the list has been used often enough. */
  readonly turns: Map<string, number>;
  /** Leads each person has sent so far (its first lead writes its name as given). */
  readonly sent: Map<number, number>;
  canonicalCount: number;
  keyCount: number;
};

export const createRenderState = (rng: Rng, seed: number): RenderState => ({
  rng,
  seed,
  contents: new Set(),
  turns: new Map(),
  sent: new Map(),
  canonicalCount: 0,
  keyCount: 0,
});

/** The next item of `items` for `topic`, starting at a random place. */
export const turn = <A>(state: RenderState, topic: string, items: ReadonlyArray<A>): A => {
  const at = state.turns.get(topic) ?? state.rng.int(items.length);
  state.turns.set(topic, at + 1);
  return items[at % items.length] as A;
};

const recase = (key: string, style: KeyStyle, rng: Rng, inner: boolean): string => {
  switch (style) {
    case 'Pascal':
      return key;
    case 'camel-top':
      return inner ? key : key[0]!.toLowerCase() + key.slice(1);
    case 'camel':
      return key[0]!.toLowerCase() + key.slice(1);
    case 'upper':
      return key.toUpperCase();
    case 'lower':
      return key.toLowerCase();
    case 'mixed':
      return recase(key, rng.pick(['Pascal', 'camel', 'upper', 'lower'] as const), rng, inner);
  }
};

/** A JSON object with the keys written in `style`; undefined values are left out. */
export const withKeys = (
  fields: Record<string, unknown>,
  style: KeyStyle,
  rng: Rng,
  inner = false,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [
        recase(k, style, rng, inner),
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? withKeys(v as Record<string, unknown>, style, rng, true)
          : v,
      ]),
  );

/**
 * Content as the same-content rule compares it (keys case-insensitively, strings trimmed), here with
 * blank and null values left out too: stricter than the rule, so no two distinct leads come close.
 */
export const contentKey = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.trim());
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(contentKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === ''))
    .map(([k, v]) => `${JSON.stringify(k.toLowerCase())}:${contentKey(v)}`)
    .sort();
  return `{${entries.join(',')}}`;
};

/** A field the lead does not carry: missing, null or empty, as marketplace payloads have it. */
const absent = (rng: Rng): string | null | undefined =>
  rng.weighted<string | null | undefined>([
    [undefined, 3],
    [null, 1],
    ['', 2],
  ]);

const offerRef = (offer: Offer) => `${offer.publisherId}.${offer.offerId}`;

type Customer = {
  firstName: string | null | undefined;
  lastName: string | null | undefined;
  email: string | null | undefined;
  phone: string | null | undefined;
  country: string | null | undefined;
  company: string | null | undefined;
  title: string | null | undefined;
};

/** The person's details as this lead writes them. */
const customerOf = (state: RenderState, plan: LeadPlan): Customer => {
  const { rng } = state;
  const { person, carry } = plan;
  const index = state.sent.get(person.id) ?? 0;
  state.sent.set(person.id, index + 1);
  let phone: string | undefined;
  let needsCountry = false;
  if (carry.phone && person.phone !== null) {
    const spelling = turn(state, `phone:${person.country}`, spellingsFor(person.country, true));
    needsCountry = !INTERNATIONAL_SPELLINGS.includes(spelling);
    phone = spellPhone(rng, person.phone, spelling);
    if (rng.chance(0.12)) phone += rng.pick(EXTENSIONS);
  }
  const countryPlan = COUNTRY_PLANS[person.country]!;
  const withCountry = needsCountry || rng.chance(0.85);
  return {
    firstName: carry.name === 'none' ? absent(rng) : spellName(rng, person.first, index === 0),
    lastName: carry.name === 'full' ? spellName(rng, person.last, index === 0) : absent(rng),
    email: carry.email && person.mailbox !== null ? spellEmail(rng, person.mailbox) : absent(rng),
    phone: phone ?? absent(rng),
    country: withCountry ? turn(state, `country:${person.country}`, countryPlan.spellings) : absent(rng),
    company: carry.company ? spellCompany(rng, person.company.name) : absent(rng),
    title: rng.chance(0.8) ? rng.pick(JOB_TITLES) : absent(rng),
  };
};

const testMarker = (rng: Rng) => `MSFT_TEST_${rng.between(1, 9)}${rng.digits(17)}`;

const testCustomer = (marker: string): Customer => ({
  firstName: marker,
  lastName: marker,
  email: `${marker}@test.com`,
  phone: marker,
  country: 'US',
  company: marker,
  title: marker,
});

const anonymousCustomer = (how: string, country: string): Customer | null => {
  if (how === 'no-user-details') return null;
  const blank = how === 'nulls' ? null : how === 'country-only' ? undefined : '';
  return {
    firstName: blank,
    lastName: blank,
    email: blank,
    phone: blank,
    country: how === 'country-only' || how === 'empty-strings' ? country : blank,
    company: blank,
    title: blank,
  };
};

const unknownAction = (rng: Rng) => rng.pick(['Purchase', 'ContactSales', 'Subscribe', 'Renew']);
const unknownSource = (rng: Rng) => rng.pick(['PartnerCenter', 'Microsoft Store', 'Teams Store']);

/** Writes the LeadSource (and ActionCode) of a webhook for a known or unknown action. */
const leadSourceFields = (
  state: RenderState,
  action: Action,
  offer: Offer,
  unrecognized: UnrecognizedHow | undefined,
): { LeadSource: string; ActionCode?: string } => {
  const { rng } = state;
  const separator = turn(state, 'separator', SEPARATORS);
  if (unrecognized === 'webhook-unknown-action')
    return { LeadSource: 'AzureMarketplace', ActionCode: unknownAction(rng) };
  if (unrecognized === 'webhook-crm-unknown-action')
    return { LeadSource: `AzureMarketplace-${unknownAction(rng)}${separator}${offerRef(offer)}` };
  if (unrecognized === 'webhook-unknown-source') return { LeadSource: unknownSource(rng), ActionCode: 'PLT' };
  const source = turn(state, `source:${action}`, SOURCES_FOR[action]);
  const spelling = turn(state, `action:${action}`, ACTION_SPELLINGS[action]);
  const form = turn(state, 'form', ['bare', 'crm', 'bare', 'crm', 'crm-and-action-code']);
  if (form === 'bare') return { LeadSource: source, ActionCode: spelling };
  const crm = `${source}-${spelling}${separator}${offerRef(offer)}`;
  // Both forms may name the action as long as they agree (case aside).
  return form === 'crm'
    ? { LeadSource: crm }
    : { LeadSource: crm, ActionCode: rng.pick(ACTION_SPELLINGS[action]) };
};

const pickDescription = (rng: Rng) => rng.pick(DESCRIPTIONS);

const webhookBody = (
  state: RenderState,
  plan: LeadPlan,
  customer: Customer | null,
  offer: Offer,
): Record<string, unknown> => {
  const { rng } = state;
  const special = plan.special;
  const style: KeyStyle = special?.kind === 'test' ? 'camel-top' : turn(state, 'keys', KEY_STYLES);
  const unrecognized = special?.kind === 'unrecognized' ? special.how : undefined;
  if (special?.kind === 'anonymous') {
    // The same empty payload each time: only the sender's key tells one lead from another.
    const fields = {
      UserDetails: customer ?? undefined,
      LeadSource: `AppSource (SPZA)-${plan.action} | ${offerRef(offer)}`,
      OfferTitle: offer.title,
    };
    return withKeys(fields, 'Pascal', rng);
  }
  const source = leadSourceFields(state, plan.action, offer, unrecognized);
  const user =
    customer === null
      ? undefined
      : {
          FirstName: customer.firstName,
          LastName: customer.lastName,
          Email: customer.email,
          Phone: customer.phone,
          Country: customer.country,
          Company: customer.company,
          Title: customer.title,
        };
  const fields: Record<string, unknown> = {
    UserDetails: user,
    ...source,
    OfferTitle: offer.title,
    Description:
      special?.kind === 'test' && special.how === 'webhook' ? customer?.firstName : pickDescription(rng),
  };
  let body = withKeys(fields, style, rng);
  // Distinct leads must not read as the same content: a repeated one gets its own description.
  for (let n = 2; state.contents.has(contentKey(body)); n += 1) {
    body = withKeys({ ...fields, Description: `${pickDescription(rng) || 'Follow-up'} (${n})` }, style, rng);
  }
  state.contents.add(contentKey(body));
  return body;
};

const occurredAt = (state: RenderState): string => {
  const { rng } = state;
  const at = Date.UTC(2026, 8, 26, 8, 0) + state.canonicalCount * 7 * 60_000 + rng.int(60) * 1000;
  const utc = new Date(at).toISOString().replace('.000Z', 'Z');
  if (!rng.chance(0.3)) return utc;
  // The same instant written with a +02:00 offset.
  return `${new Date(at + 2 * 3600_000).toISOString().slice(0, 19)}+02:00`;
};

const canonicalBody = (
  state: RenderState,
  plan: LeadPlan,
  customer: Customer,
  offer: Offer,
): Record<string, unknown> => {
  const { rng } = state;
  state.canonicalCount += 1;
  const unrecognized = plan.special?.kind === 'unrecognized' ? plan.special.how : undefined;
  const action =
    unrecognized === 'canonical-unknown-action'
      ? unknownAction(rng)
      : turn(state, `action:${plan.action}`, ACTION_SPELLINGS[plan.action]);
  const source =
    unrecognized === 'canonical-unknown-source'
      ? 'Partner Center'
      : turn(state, `source:${plan.action}`, SOURCES_FOR[plan.action]);
  const body: Record<string, unknown> = {
    id: `evt-${state.seed}-${String(state.canonicalCount).padStart(5, '0')}`,
    occurredAt: occurredAt(state),
    source,
    action,
    offer: rng.chance(0.85) ? { ...offer } : { publisherId: offer.publisherId, offerId: offer.offerId },
    customer: Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)),
    description: rng.chance(0.6) ? pickDescription(rng) : undefined,
    producer: rng.chance(0.8) ? rng.pick(PRODUCERS) : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
};

/** Writes one planned lead as a delivery with what a correct engine answers. */
export const renderLead = (state: RenderState, plan: LeadPlan): Pending => {
  const { rng } = state;
  const special = plan.special;
  const offer = special?.kind === 'anonymous' ? OFFERS[0]! : turn(state, 'offer', OFFERS);
  const expect: Expect = { status: 2, person: plan.person.id };
  const known =
    special?.kind !== 'unrecognized' ||
    special.how === 'webhook-unknown-source' ||
    special.how === 'canonical-unknown-source';
  if (known) expect.action = plan.action;
  expect.offer = offerRef(offer);
  expect.duplicate = false;
  const headers: Record<string, string> = {};

  let customer: Customer | null;
  let format = plan.format ?? (rng.chance(0.25) ? 'canonical' : 'webhook');
  if (special?.kind === 'test') {
    const marker = testMarker(rng);
    format = special.how === 'canonical' ? 'canonical' : 'webhook';
    customer =
      special.how === 'one-field' ? { ...customerOf(state, plan), title: marker } : testCustomer(marker);
    expect.test = true;
  } else if (special?.kind === 'anonymous') {
    customer = anonymousCustomer(special.how, 'US');
    expect.anonymous = true;
    // Identical empty payloads are told apart by the key the sender puts on each.
    headers['Idempotency-Key'] = `edu-${state.seed}-${(state.keyCount += 1)}`;
  } else {
    customer = customerOf(state, plan);
    if (special?.kind === 'unrecognized') {
      format = special.how.startsWith('canonical') ? 'canonical' : 'webhook';
      expect.unrecognized = true;
    }
  }
  if (format === 'canonical' && customer !== null) {
    return { kind: 'canonical', body: canonicalBody(state, plan, customer, offer), headers, expect, plan };
  }
  return { kind: 'webhook', body: webhookBody(state, plan, customer, offer), headers, expect, plan };
};
