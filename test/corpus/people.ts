import { COMPANIES, FIRST_NAMES, LAST_NAMES, type Company } from './catalog';
import { asciiWord, mailboxFor, type Mailbox } from './emails';
import { COUNTRY_PLANS, newPhone, type Phone } from './phones';
import type { Rng } from './prng';
import type { Scenario } from './types';

/** A made-up person: one mailbox and at most one phone, so that its leads can never conflict. */
export type Person = {
  readonly id: number;
  readonly scenario: Scenario;
  readonly first: string;
  readonly last: string;
  readonly company: Company;
  readonly country: string;
  readonly mailbox: Mailbox | null;
  readonly phone: Phone | null;
  readonly switchboard: boolean;
  /** Which variant of a special scenario (test, anonymous, unrecognized) this person shows. */
  readonly variant: number;
};

const COUNTRY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['US', 3],
  ['GB', 2],
  ['DE', 2],
  ['FR', 1],
  ['JP', 1],
  ['IN', 1],
  ['AU', 1],
  ['ES', 1],
  ['CA', 1],
];

/** How many persons of each scenario a corpus of `total` persons holds (each case at least a few times). */
export const scenarioCounts = (total: number): ReadonlyArray<readonly [Scenario, number]> => {
  const share = (ratio: number, min: number) => Math.max(min, Math.round(total * ratio));
  const special: Array<[Scenario, number]> = [
    // Five at least, so that one of the four empty payload shapes comes twice.
    ['anonymous', share(0.035, 5)],
    ['test', share(0.025, 3)],
    ['unrecognized', share(0.04, 5)],
    ['dnc-only', share(0.02, 2)],
    ['bridge', share(0.06, 6)],
    ['name-then-phone', share(0.04, 5)],
    ['name-link', share(0.05, 5)],
    ['phone-first', share(0.05, 5)],
    ['late-contact', share(0.03, 4)],
    // Persons, in pairs of colleagues.
    ['switchboard', 2 * share(0.025, 3)],
  ];
  const used = special.reduce((sum, [, n]) => sum + n, 0);
  return [...special, ['steady', Math.max(0, total - used)]];
};

const hasPhone = (rng: Rng, scenario: Scenario): boolean => {
  switch (scenario) {
    case 'phone-first':
    case 'name-then-phone':
    case 'bridge':
      return true;
    case 'steady':
      return rng.chance(0.7);
    case 'name-link':
    case 'dnc-only':
    case 'unrecognized':
      return rng.chance(0.5);
    default:
      return false;
  }
};

/**
 * The persons of a corpus, in random order. Full name and company are unique together (rule 3 must
 * never link two persons); emails and phones are unique except a switchboard pair's shared phone.
 */
export const createPersons = (rng: Rng, total: number): Person[] => {
  const roles = rng.shuffle(
    scenarioCounts(total).flatMap(([scenario, n]) =>
      // A switchboard pair is one role that yields two persons.
      Array.from({ length: scenario === 'switchboard' ? n / 2 : n }, () => scenario),
    ),
  );
  const takenNames = new Set<string>();
  const takenPhones = new Set<string>();
  const variants = new Map<Scenario, number>();
  const persons: Person[] = [];

  const identity = (company?: Company) => {
    for (let attempt = 0; ; attempt += 1) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      let chosen = company ?? rng.pick(COMPANIES);
      // Past the catalogue's combinations (large corpora), numbered branches keep the key unique.
      if (attempt > 30 && company === undefined) {
        const branch = rng.between(2, 999);
        chosen = { name: `${chosen.name} ${branch}`, domain: `b${branch}.${chosen.domain}` };
      }
      const key = `${first} ${last}|${chosen.name}`
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase();
      if (!takenNames.has(key)) {
        takenNames.add(key);
        return { first, last, company: chosen };
      }
      if (attempt > 200) throw new Error('cannot find a unique name');
    }
  };

  const add = (
    scenario: Scenario,
    fields: ReturnType<typeof identity>,
    country: string,
    phone: Phone | null,
    switchboard: boolean,
  ) => {
    const id = persons.length;
    const variant = variants.get(scenario) ?? 0;
    variants.set(scenario, variant + 1);
    const needsMailbox = scenario !== 'anonymous' && scenario !== 'test';
    const mailbox = needsMailbox
      ? switchboard
        ? // Colleagues sharing a switchboard write from their company mailboxes.
          {
            kind: 'work' as const,
            local: `${asciiWord(fields.first)}.${asciiWord(fields.last)}${id}`,
            domain: fields.company.domain,
          }
        : mailboxFor(rng, { id, first: fields.first, last: fields.last, domain: fields.company.domain })
      : null;
    persons.push({ id, scenario, ...fields, country, mailbox, phone, switchboard, variant });
  };

  for (const role of roles) {
    const country = rng.weighted(COUNTRY_WEIGHTS);
    if (COUNTRY_PLANS[country] === undefined) throw new Error(country);
    if (role === 'switchboard') {
      const a = identity();
      const b = identity(a.company);
      const shared = newPhone(rng, country, takenPhones);
      add(role, a, country, shared, true);
      add(role, b, country, shared, true);
      continue;
    }
    add(role, identity(), country, hasPhone(rng, role) ? newPhone(rng, country, takenPhones) : null, false);
  }
  return persons;
};
