// `pnpm bench domain`: throughput of the pure write path (decode + normalise + match + fold + policy)
// over 100,000 generated leads, against JSON.parse of the same payload strings as same-run baseline.
import { checkBodySize, contentHash, decodeLead, decodeLeadText, parseJsonBody } from '../../contracts/src';
import { performance } from 'node:perf_hooks';
import {
  acceptLead,
  dedupKeyOf,
  defaultFollowUpConfig,
  emptyLeadFlow,
  normaliseCustomer,
} from '../../packages/domain/src';

const LEADS = Number(process.env['BENCH_LEADS'] ?? 100_000);
const PERSONS = Math.round(LEADS * 0.4);

/** mulberry32: a small seeded PRNG so every run generates the same leads. */
const prng = (seed: number) => () => {
  let t = (seed += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = prng(20260926);
const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

const FIRST = [
  'Noah',
  'Emma',
  'María',
  'Liam',
  'Chloé',
  'Hiro',
  'Priya',
  'Ahmed',
  'Sofia',
  'Jane',
  'Tomás',
  'Léa',
  'Wei',
  'John',
  'Ana',
  'Omar',
  'Yuki',
  'Lars',
  'Mia',
  'Raj',
];
const LAST_A = [
  'Tana',
  'Schä',
  'Sa',
  'Gar',
  'Ngu',
  'Ki',
  'Sil',
  'Che',
  'Lefè',
  'Wei',
  'Had',
  'Mar',
  'Ko',
  'Ber',
  'Fer',
  'Lin',
];
const LAST_B = [
  'ka',
  'fer',
  'to',
  'cía',
  'yen',
  'm',
  'va',
  'n',
  'vre',
  'ß',
  'dad',
  'tin',
  'walski',
  'ger',
  'nández',
  'dqvist',
];
const COMPANY_A = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Litware',
  'Relecloud',
  'Tailspin',
  'Adventure',
  'Datum',
  'Wingtip',
  'Lucerne',
  'Alpine',
  'Margie',
  'Proseware',
  'Woodgrove',
  'Coho',
  'Trey',
];
const COMPANY_B = [
  'Traders',
  'Toys',
  'Works',
  'Insurance',
  'Travel',
  'Publishing',
  'Airlines',
  'Bank',
  'Winery',
  'Research',
  'Systems',
  'Labs',
  'Foods',
  'Energy',
  'Health',
  'Media',
];
const SUFFIX = ['', ' Inc', ', Inc.', ' Ltd', ' GmbH', ' AG', ' LLC', ' Corporation', ' plc'];
const OFFERS = [
  'contoso.leadflow-crm',
  'fabrikam.3701c77e-1cfa-4c56',
  'northwind.erp-connector.v2',
  'bitnami.openedxcypress',
];
const ACTIONS = ['PLT', 'PLT', 'INS', 'Create', 'StartTestDrive', 'DNC', 'Purchase'];

type Country = {
  codes: ReadonlyArray<string>;
  local: () => string;
  intl: (local: string) => ReadonlyArray<string>;
};
const COUNTRIES: ReadonlyArray<Country> = [
  {
    codes: ['US', 'USA', 'United States'],
    local: () =>
      `${pick(['206', '212', '312', '415', '617'])}${pick(['2', '3', '4', '5', '6', '7', '8'])}${digits(6)}`,
    intl: (l) => [
      `+1${l}`,
      `1${l}`,
      `(${l.slice(0, 3)}) ${l.slice(3, 6)}-${l.slice(6)}`,
      `${l.slice(0, 3)}.${l.slice(3, 6)}.${l.slice(6)}`,
    ],
  },
  {
    codes: ['DE', 'Germany', 'DEU'],
    local: () => `30${digits(7)}`,
    intl: (l) => [`+49${l}`, `0049${l}`, `0${l}`],
  },
  {
    codes: ['FR', 'France', 'FRA'],
    local: () => `1${pick(['4', '5', '7'])}${digits(7)}`,
    intl: (l) => [`+33${l}`, `0033${l}`, `0${l}`, `33${l}`],
  },
  {
    codes: ['GB', 'UK', 'United Kingdom'],
    local: () => `20${pick(['7', '3'])}${digits(7)}`,
    intl: (l) => [`+44${l}`, `0044${l}`, `0${l}`, `44${l}`],
  },
  {
    codes: ['JP', 'Japan', 'JPN'],
    local: () => `3${digits(8)}`,
    intl: (l) => [`+81${l}`, `01081${l}`, `0${l}`, `81${l}`],
  },
  {
    codes: ['IN', 'India', 'IND'],
    local: () => `9${pick(['1', '3', '4', '5', '7', '8'])}${digits(8)}`,
    intl: (l) => [`+91${l}`, `0${l}`, `+91 ${l.slice(0, 5)} ${l.slice(5)}`],
  },
];

type Person = {
  first: string;
  last: string;
  company: string;
  email: string;
  country: Country;
  phone: string;
};
const persons: Person[] = Array.from({ length: PERSONS }, (_, i) => {
  const first = pick(FIRST);
  const last = `${pick(LAST_A)}${pick(LAST_B)}`;
  const country = pick(COUNTRIES);
  const company = `${pick(COMPANY_A)} ${pick(COMPANY_B)}${random() < 0.5 ? ` ${pick(country.codes)}` : ''}`;
  const domain = random() < 0.3 ? 'gmail.com' : `${company.toLowerCase().replace(/\s/g, '')}.example`;
  return {
    first,
    last,
    company,
    country,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@${domain}`,
    phone: country.local(),
  };
});

/** One delivery of a person, in webhook or canonical form, with the corpus's kinds of mess. */
const render = (n: number): string => {
  // Skewed choice: a third of the leads come from the first tenth of the persons (repeats, merges).
  const p = (random() < 0.33 ? pick(persons.slice(0, PERSONS / 10)) : pick(persons)) as Person;
  const action = pick(ACTIONS);
  const offer = pick(OFFERS);
  const shape = random();
  const email = shape < 0.2 ? null : random() < 0.3 ? p.email.replace('@', '+mkt@').toUpperCase() : p.email;
  const phone = shape > 0.85 ? null : pick(p.country.intl(p.phone));
  const company = shape > 0.15 && shape < 0.2 ? null : `${p.company}${pick(SUFFIX)}`;
  const country = pick(p.country.codes);
  if (random() < 0.6) {
    const bare = random() < 0.5;
    return JSON.stringify({
      UserDetails: {
        FirstName: p.first,
        LastName: p.last,
        Email: email,
        Phone: phone,
        Country: country,
        Company: company,
        Title: 'IT Manager',
      },
      LeadSource: bare ? 'AzureMarketplace' : `AppSource (SPZA)-${action} | ${offer}`,
      ...(bare ? { ActionCode: action } : {}),
      OfferTitle: 'Leadflow CRM',
      Description: `lead ${n}`,
    });
  }
  const [publisherId, offerId] = offer.split('.') as [string, string];
  return JSON.stringify({
    id: `evt-${n}`,
    occurredAt: '2026-09-26T18:39:50Z',
    source: 'AppSource (SPZA)',
    action,
    offer: { publisherId, offerId, title: 'Leadflow CRM' },
    customer: { firstName: p.first, lastName: p.last, email, phone, country, company, title: null },
    description: '',
    producer: 'bench',
  });
};

const payloads = Array.from({ length: LEADS }, (_, n) => render(n));
const seconds = (start: number) => (performance.now() - start) / 1000;
const rate = (count: number, s: number) => Math.round(count / s);

// Baseline: JSON.parse alone over the same strings.
let start = performance.now();
let keep = 0;
for (const text of payloads) keep += Object.keys(JSON.parse(text) as object).length;
const jsonParsePerSec = rate(LEADS, seconds(start));

// Decode only (size check, parse, io-ts decode, content hash).
start = performance.now();
for (const text of payloads) {
  const decoded = decodeLeadText(text);
  if (decoded._tag === 'Right') keep += contentHash(decoded.right).length;
}
const decodePerSec = rate(LEADS, seconds(start));

// Decode + normalise (libphonenumber is the expected hot spot).
start = performance.now();
for (const text of payloads) {
  const decoded = decodeLeadText(text);
  if (decoded._tag === 'Right') keep += normaliseCustomer(decoded.right.customer).phone === null ? 0 : 1;
}
const normalisePerSec = rate(LEADS, seconds(start));

// The whole pure write path: decode, dedup key, normalise, resolve/merge, decide, evolve, policy.
start = performance.now();
let flow = emptyLeadFlow(defaultFollowUpConfig);
let duplicates = 0;
let merges = 0;
let rejected = 0;
const base = Date.UTC(2026, 8, 26);
payloads.forEach((text, n) => {
  // The write path's edge: size limit, one JSON parse, decode; the parsed body also gives the content hash.
  const sized = checkBodySize(text);
  const body = sized._tag === 'Right' ? parseJsonBody(sized.right) : sized;
  const decoded = body._tag === 'Right' ? decodeLead(body.right) : body;
  if (decoded._tag === 'Left' || body._tag === 'Left') {
    rejected += 1;
    return;
  }
  const hash = contentHash(body.right);
  const leadId = `lead-${n}`;
  const input = {
    leadId,
    receivedAt: new Date(base + n * 1000).toISOString(),
    lead: decoded.right,
    contentHash: hash,
    idempotencyKey: null,
  };
  const result = acceptLead(flow, input, dedupKeyOf(null, decoded.right, hash), {
    correlationId: leadId,
    causationId: leadId,
  });
  if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
  flow = result.right.flow;
  if (result.right.accepted.duplicate) duplicates += 1;
  merges += result.right.appends.filter((a) => a.events.some((e) => e.type === 'CustomerMergedInto')).length;
});
const pipelineSeconds = seconds(start);
const leadsPerSec = rate(LEADS, pipelineSeconds);

console.log(
  `generated ${LEADS} leads from ${PERSONS} persons (${payloads.reduce((s, p) => s + p.length, 0)} bytes)`,
);
console.log(`JSON.parse only          ${jsonParsePerSec.toLocaleString('en')} leads/s`);
console.log(`decode + hash            ${decodePerSec.toLocaleString('en')} leads/s`);
console.log(`decode + normalise       ${normalisePerSec.toLocaleString('en')} leads/s`);
console.log(
  `full pure write path     ${leadsPerSec.toLocaleString('en')} leads/s (${pipelineSeconds.toFixed(2)} s)`,
);
console.log(
  `customers ${flow.customers.size}, identity keys ${flow.index.keys.size}, merges ${merges}, duplicates ${duplicates}, rejected ${rejected} (${keep > 0 ? 'ok' : '-'})`,
);
console.log(
  JSON.stringify({
    bench: 'domain',
    leadsPerSec,
    jsonParsePerSec,
    ratio: Number((jsonParsePerSec / leadsPerSec).toFixed(2)),
  }),
);
