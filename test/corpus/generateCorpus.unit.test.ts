import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { emailKey } from './emails';
import { corpusFiles, DEFAULT_CORPUS_OPTIONS, generateCorpus } from './generateCorpus';
import { COUNTRY_PLANS } from './phones';
import type { Corpus, CorpusDelivery } from './types';

const committed = (name: string) => readFileSync(path.join(__dirname, 'data', name), 'utf8');
const corpus = generateCorpus();

const regionOf = (country: unknown): CountryCode | undefined => {
  if (typeof country !== 'string' || country.trim() === '') return undefined;
  const folded = country.trim().toLowerCase();
  const hit = Object.entries(COUNTRY_PLANS).find(([, plan]) =>
    plan.spellings.some((s) => s.toLowerCase() === folded),
  );
  if (hit === undefined) throw new Error(`unknown country spelling ${country}`);
  return hit[0] as CountryCode;
};

/** A field of an object by case-insensitive key. */
const field = (value: unknown, name: string): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
};

/** The customer fields of an accepted lead, whichever form it has. */
const customerOf = (d: CorpusDelivery): Record<string, unknown> => {
  const user = d.kind === 'canonical' ? field(d.body, 'customer') : field(d.body, 'userdetails');
  const get = (name: string) => field(user, name);
  return {
    firstName: get('firstName'),
    lastName: get('lastName'),
    email: get('email'),
    phone: get('phone'),
    country: get('country'),
    company: get('company'),
  };
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

const accepted = (c: Corpus) => c.deliveries.filter((d) => d.expect.status === 2);
const originals = (c: Corpus) => accepted(c).filter((d) => !d.expect.duplicate);

/** Invariants every generated corpus keeps, whatever its seed and size. */
const checkInvariants = (c: Corpus): string[] => {
  const wrong: string[] = [];
  const emailsOf = new Map<number, Set<string>>();
  const personsOfEmail = new Map<string, Set<number>>();
  const phonesOf = new Map<number, Set<string>>();
  const firstLead = new Map<number, CorpusDelivery>();
  c.deliveries.forEach((d, i) => {
    if (d.seq !== i) wrong.push(`seq ${d.seq} at line ${i}`);
  });
  for (const d of accepted(c)) {
    const person = d.expect.person!;
    if (d.expect.duplicate) {
      const original = c.deliveries[d.expect.dupOf ?? -1];
      if (original === undefined || original.seq >= d.seq || original.expect.person !== person)
        wrong.push(`seq ${d.seq}: bad dupOf ${d.expect.dupOf}`);
      continue;
    }
    if (!firstLead.has(person)) firstLead.set(person, d);
    if (d.expect.test) continue;
    const customer = customerOf(d);
    const email = text(customer['email']);
    if (email !== null) {
      const key = emailKey(email);
      if (key === null) wrong.push(`seq ${d.seq}: ${email} is not an email`);
      else {
        emailsOf.set(person, (emailsOf.get(person) ?? new Set()).add(key));
        personsOfEmail.set(key, (personsOfEmail.get(key) ?? new Set()).add(person));
      }
    }
    const phone = text(customer['phone']);
    if (phone !== null) {
      const parsed = parsePhoneNumberFromString(phone, regionOf(customer['country']));
      if (parsed === undefined || !parsed.isValid())
        wrong.push(`seq ${d.seq}: ${phone} (${String(customer['country'])}) is not a valid number`);
      else phonesOf.set(person, (phonesOf.get(person) ?? new Set()).add(parsed.number));
      if (c.truth[String(person)]?.switchboard && email === null)
        wrong.push(`seq ${d.seq}: a switchboard number without an email`);
    }
  }
  for (const [person, keys] of emailsOf)
    if (keys.size !== 1) wrong.push(`person ${person}: emails ${[...keys]}`);
  for (const [key, persons] of personsOfEmail)
    if (persons.size !== 1) wrong.push(`${key} used by ${[...persons]}`);
  for (const [person, numbers] of phonesOf)
    if (numbers.size !== 1) wrong.push(`person ${person}: phones ${[...numbers]}`);
  // A phone shared by two persons belongs to a switchboard, and each of them writes an email beside it.
  const personsOfPhone = new Map<string, number[]>();
  for (const [person, numbers] of phonesOf)
    for (const n of numbers) personsOfPhone.set(n, [...(personsOfPhone.get(n) ?? []), person]);
  for (const [n, persons] of personsOfPhone)
    if (persons.length > 1 && !persons.every((p) => c.truth[String(p)]?.switchboard))
      wrong.push(`${n} shared by ${persons}`);
  // Late contactability only where it is meant: a late-contact person's first lead has no email or phone,
  // anyone else's has one unless it never has one.
  for (const [person, d] of firstLead) {
    const t = c.truth[String(person)]!;
    const customer = customerOf(d);
    const noContact = text(customer['email']) === null && text(customer['phone']) === null;
    if (t.scenario === 'late-contact' ? !noContact : t.contactable && noContact)
      wrong.push(`person ${person} (${t.scenario}): first lead seq ${d.seq} has the wrong contact details`);
  }
  for (const [person, t] of Object.entries(c.truth))
    if (t.leads !== originals(c).filter((d) => String(d.expect.person) === person).length)
      wrong.push(`person ${person}: ${t.leads} leads in truth`);
  return wrong;
};

describe('the corpus generator', () => {
  it('wrote the committed corpus (test/corpus/data) from the default options: regenerate with pnpm corpus:generate', () => {
    const files = corpusFiles(corpus);
    expect(committed('leads.ndjson') === files['leads.ndjson']).toBe(true);
    expect(committed('truth.json') === files['truth.json']).toBe(true);
  });

  it('is sized for CI', () => {
    expect(corpus.deliveries.length).toBeGreaterThanOrEqual(300);
    expect(corpus.deliveries.length).toBeLessThanOrEqual(400);
    expect(DEFAULT_CORPUS_OPTIONS.persons).toBe(Object.keys(corpus.truth).length);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed other ones', () => {
    const options = { seed: 7, persons: 40 };
    expect(corpusFiles(generateCorpus(options))).toEqual(corpusFiles(generateCorpus(options)));
    expect(corpusFiles(generateCorpus({ ...options, seed: 8 }))['leads.ndjson']).not.toBe(
      corpusFiles(generateCorpus(options))['leads.ndjson'],
    );
  });

  it('keeps its invariants: valid phones, one email and one phone a person, late contactability only for late-contact', () => {
    expect(checkInvariants(corpus)).toEqual([]);
  });

  it('keeps its invariants for any seed and size', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 150 }), (seed, persons) => {
        const wrong = checkInvariants(generateCorpus({ seed, persons }));
        if (wrong.length > 0) throw new Error(wrong.slice(0, 5).join('\n'));
      }),
      { numRuns: 12 },
    );
  });
});

describe('the committed corpus covers', () => {
  const webhooks = originals(corpus).filter((d) => d.kind === 'webhook');
  const leadSources = webhooks
    .map((d) => field(d.body, 'leadsource'))
    .filter((s): s is string => typeof s === 'string');
  const customers = originals(corpus)
    .filter((d) => !d.expect.test)
    .map(customerOf);
  const truths = Object.values(corpus.truth);

  it('every key casing of the webhook', () => {
    const keys = new Set(webhooks.flatMap((d) => Object.keys(d.body as object)));
    for (const k of [
      'UserDetails',
      'userDetails',
      'USERDETAILS',
      'userdetails',
      'LeadSource',
      'leadSource',
      'LEADSOURCE',
    ])
      expect({ k, seen: keys.has(k) }).toEqual({ k, seen: true });
  });

  it('both LeadSource forms, every separator and every source spelling', () => {
    const crm = leadSources.filter((s) => s.includes('|'));
    expect(crm.length).toBeGreaterThan(10);
    expect(
      webhooks.some(
        (d) =>
          !String(field(d.body, 'leadsource')).includes('|') && field(d.body, 'actioncode') !== undefined,
      ),
    ).toBe(true);
    expect(
      webhooks.some(
        (d) => String(field(d.body, 'leadsource')).includes('|') && field(d.body, 'actioncode') !== undefined,
      ),
    ).toBe(true);
    for (const sep of [/[^ ]\|[^ ]/, / \|[^ ]/, /[^ ]\| /, / \| /])
      expect(crm.some((s) => sep.test(s))).toBe(true);
    const sources = new Set(
      leadSources.map((s) =>
        s
          .split('|')[0]!
          .replace(/-[^-]*$/, '')
          .trim(),
      ),
    );
    for (const s of ['AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)', 'AppSource', 'SPZA', 'TestDrive'])
      expect({ s, seen: sources.has(s) }).toEqual({ s, seen: true });
    const actions = new Set(originals(corpus).map((d) => d.expect.action));
    for (const a of ['PLT', 'INS', 'Create', 'StartTestDrive', 'DNC']) expect(actions.has(a)).toBe(true);
  });

  it('phone spellings: national, international prefixes, +E.164, spaces, dashes, dots, parentheses, extensions', () => {
    const phones = customers.map((c) => text(c['phone'])).filter((p): p is string => p !== null);
    const kinds: Record<string, RegExp> = {
      e164: /^\+\d+$/,
      spaced: /^\+\d+ \d/,
      'trunk in parentheses': /\(0\)/,
      '00 prefix': /^00\d/,
      '010 prefix (Japan)': /^010 ?81/,
      '0011 prefix (Australia)': /^0011 ?61/,
      national: /^0\d+$/,
      dashed: /\d-\d/,
      dotted: /\d\.\d/,
      parentheses: /^\(\d+\)/,
      extension: /(ext\.?|x) ?\d+$/,
    };
    for (const [kind, pattern] of Object.entries(kinds))
      expect({ kind, seen: phones.some((p) => pattern.test(p)) }).toEqual({ kind, seen: true });
    const regions = new Set(
      customers.filter((c) => text(c['phone']) !== null).map((c) => regionOf(c['country'])),
    );
    expect(regions.size).toBeGreaterThanOrEqual(8);
  });

  it('email variants: +tags, gmail dots, googlemail.com, case, spaces', () => {
    const emails = customers.map((c) => text(c['email'])).filter((e): e is string => e !== null);
    expect(emails.some((e) => /\+[a-z0-9]+@/i.test(e))).toBe(true);
    expect(emails.some((e) => /\.[^@]*@gmail\.com/i.test(e) || /^[^@]*\.[^@]*@gmail/i.test(e))).toBe(true);
    expect(emails.some((e) => /@googlemail\.com/i.test(e))).toBe(true);
    expect(emails.some((e) => e !== e.toLowerCase())).toBe(true);
    expect(emails.some((e) => e !== e.trim())).toBe(true);
  });

  it('names and companies spelt differently by the same person (accents, case, legal suffixes)', () => {
    const byPerson = new Map<number, Set<string>>();
    for (const d of originals(corpus)) {
      const c = customerOf(d);
      const name = `${text(c['firstName']) ?? ''}|${text(c['lastName']) ?? ''}|${text(c['company']) ?? ''}`;
      byPerson.set(d.expect.person!, (byPerson.get(d.expect.person!) ?? new Set()).add(name));
    }
    const spellings = [...byPerson.values()].flatMap((s) => [...s]);
    expect([...byPerson.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
    expect(spellings.some((s) => /[À-ž]/.test(s))).toBe(true);
    for (const suffix of [/\bInc\b/, /\bGmbH\b/i, /\bLLC\b/i, /\bplc\b/i, /\bB\.?V\.?\b/i, /, Inc\./])
      expect(spellings.some((s) => suffix.test(s))).toBe(true);
  });

  it('switchboards, name links, merges, test leads, anonymous leads, unknown actions and sources, DNC', () => {
    const scenarios = new Set(truths.map((t) => t.scenario));
    for (const s of [
      'switchboard',
      'name-link',
      'name-then-phone',
      'late-contact',
      'bridge',
      'phone-first',
      'dnc-only',
      'test',
      'anonymous',
      'unrecognized',
    ] as const)
      expect({ s, seen: scenarios.has(s) }).toEqual({ s, seen: true });
    expect(truths.filter((t) => t.switchboard).length).toBeGreaterThanOrEqual(6);
    expect(truths.reduce((n, t) => n + t.merges, 0)).toBeGreaterThanOrEqual(6);
    expect(originals(corpus).some((d) => d.expect.test && d.kind === 'canonical')).toBe(true);
    expect(
      originals(corpus).filter((d) => d.expect.test && JSON.stringify(d.body).includes('MSFT_TEST_')).length,
    ).toBeGreaterThanOrEqual(3);
    expect(originals(corpus).filter((d) => d.expect.anonymous).length).toBeGreaterThanOrEqual(3);
    const unrecognized = originals(corpus).filter((d) => d.expect.unrecognized);
    expect(unrecognized.some((d) => d.expect.action === undefined)).toBe(true);
    expect(unrecognized.some((d) => d.expect.action !== undefined)).toBe(true);
    expect(new Set(unrecognized.map((d) => d.kind))).toEqual(new Set(['webhook', 'canonical']));
    expect(truths.some((t) => t.stage === 'referral')).toBe(true);
  });

  it('redeliveries by Idempotency-Key, by canonical id and by content with other key casing', () => {
    const dups = corpus.deliveries.filter((d) => d.expect.duplicate);
    const originalOf = (d: CorpusDelivery) => corpus.deliveries[d.expect.dupOf!]!;
    expect(dups.some((d) => d.headers['Idempotency-Key'] !== undefined && d.expect.anonymous !== true)).toBe(
      true,
    );
    // Empty anonymous payloads differ only by their key: the key, not the content, tells them apart.
    const anonymous = originals(corpus).filter(
      (d) => d.expect.anonymous && field(d.body, 'userdetails') !== undefined,
    );
    expect(new Set(anonymous.map((d) => d.headers['Idempotency-Key'])).size).toBe(anonymous.length);
    expect(new Set(anonymous.map((d) => JSON.stringify(d.body))).size).toBeLessThan(anonymous.length);
    expect(
      dups.some(
        (d) =>
          d.expect.anonymous && d.headers['Idempotency-Key'] === originalOf(d).headers['Idempotency-Key'],
      ),
    ).toBe(true);
    expect(dups.some((d) => d.kind === 'canonical')).toBe(true);
    expect(
      dups.some(
        (d) =>
          d.kind === 'webhook' &&
          d.headers['Idempotency-Key'] === undefined &&
          JSON.stringify(Object.keys(d.body as object)) !==
            JSON.stringify(Object.keys(originalOf(d).body as object)),
      ),
    ).toBe(true);
  });

  it('every kind of broken body', () => {
    const bad = corpus.deliveries.filter((d) => d.expect.bad);
    const parses = (d: CorpusDelivery) => {
      try {
        return {
          ok: true,
          value: JSON.parse(d.kind === 'bad-raw' ? String(d.body) : JSON.stringify(d.body)) as unknown,
        };
      } catch {
        return { ok: false, value: undefined };
      }
    };
    const values = bad.map((d) => ({ d, ...parses(d) }));
    expect(values.some((v) => !v.ok)).toBe(true);
    expect(values.some((v) => Array.isArray(v.value))).toBe(true);
    expect(values.some((v) => typeof v.value === 'number')).toBe(true);
    expect(values.some((v) => typeof v.value === 'string')).toBe(true);
    expect(values.some((v) => typeof field(v.value, 'userdetails') === 'string')).toBe(true);
    expect(bad.some((d) => d.expect.status === 413 && JSON.stringify(d.body).length > 64 * 1024)).toBe(true);
    expect(
      bad.filter((d) => d.expect.status !== 413).every((d) => JSON.stringify(d.body).length < 64 * 1024),
    ).toBe(true);
    const canonical = values.filter((v) => field(v.value, 'occurredat') !== undefined);
    expect(canonical.some((v) => Number.isNaN(Date.parse(String(field(v.value, 'occurredat')))))).toBe(true);
    expect(canonical.some((v) => field(v.value, 'id') === undefined)).toBe(true);
    expect(canonical.some((v) => field(v.value, 'action') === undefined)).toBe(true);
    expect(
      values.some(
        (v) =>
          field(v.value, 'leadsource') !== undefined &&
          field(v.value, 'actioncode') === undefined &&
          !String(field(v.value, 'leadsource')).includes('-'),
      ),
    ).toBe(true);
    expect(
      values.some(
        (v) => /-PLT/.test(String(field(v.value, 'leadsource'))) && field(v.value, 'actioncode') === 'INS',
      ),
    ).toBe(true);
  });
});
