import type { Person } from './people';
import type { Rng } from './prng';
import type { Action } from './types';

/** Which of the person's details one lead carries. */
export type Carry = {
  readonly email: boolean;
  readonly phone: boolean;
  /** `first`: the first name alone, which gives no name key. */
  readonly name: 'full' | 'first' | 'none';
  readonly company: boolean;
};

export type Special =
  | { readonly kind: 'unrecognized'; readonly how: UnrecognizedHow }
  | { readonly kind: 'test'; readonly how: 'webhook' | 'canonical' | 'one-field' }
  | {
      readonly kind: 'anonymous';
      readonly how: 'empty-strings' | 'nulls' | 'no-user-details' | 'country-only';
    };

export type UnrecognizedHow =
  | 'webhook-unknown-action'
  | 'webhook-crm-unknown-action'
  | 'webhook-unknown-source'
  | 'canonical-unknown-action'
  | 'canonical-unknown-source';

const UNRECOGNIZED: ReadonlyArray<UnrecognizedHow> = [
  'webhook-unknown-action',
  'webhook-crm-unknown-action',
  'webhook-unknown-source',
  'canonical-unknown-action',
  'canonical-unknown-source',
];
const TESTS = ['webhook', 'canonical', 'one-field'] as const;
const ANONYMOUS = ['empty-strings', 'nulls', 'no-user-details', 'country-only'] as const;

/** One lead a person sends, before it is written as a body. */
export type LeadPlan = {
  readonly person: Person;
  readonly action: Action;
  readonly carry: Carry;
  /** Forced format; otherwise chosen when the body is written. */
  readonly format?: 'webhook' | 'canonical';
  readonly special?: Special;
};

const randomAction = (rng: Rng): Action =>
  rng.weighted<Action>([
    ['PLT', 4],
    ['INS', 2],
    ['StartTestDrive', 2],
    ['Create', 1],
    ['DNC', 1],
  ]);

const steadyCarry = (rng: Rng, person: Person): Carry => ({
  email: true,
  phone: person.phone !== null && rng.chance(0.5),
  name: rng.weighted<Carry['name']>([
    ['full', 12],
    ['first', 1],
    ['none', 1],
  ]),
  company: rng.chance(0.85),
});

const FULL: Carry = { email: true, phone: false, name: 'full', company: true };

/**
 * The leads of one person in the order they send them. Only `late-contact` persons send an actionable
 * lead before their first email or phone: every other person's first lead carries one (or none ever does).
 */
export const planLeads = (rng: Rng, person: Person): LeadPlan[] => {
  const lead = (carry: Carry, action = randomAction(rng), format?: 'webhook' | 'canonical'): LeadPlan =>
    format === undefined ? { person, action, carry } : { person, action, carry, format };
  const steady = (n: number) => Array.from({ length: n }, () => lead(steadyCarry(rng, person)));
  const hasPhone = person.phone !== null;
  switch (person.scenario) {
    case 'steady':
      return steady(
        rng.weighted([
          [1, 3],
          [2, 4],
          [3, 3],
          [4, 2],
          [5, 1],
        ]),
      );
    case 'phone-first':
      // Linked by phone; the second lead carries both so that no rule depends on the company.
      return [
        lead({ email: false, phone: true, name: 'full', company: true }),
        lead({ email: true, phone: true, name: 'full', company: rng.chance(0.5) }),
        ...steady(rng.between(0, 2)),
      ];
    case 'name-link':
      // Rule 3: the second lead has neither email nor phone, only the name and company, spelt differently.
      return [
        lead({ ...FULL, phone: hasPhone && rng.chance(0.5) }),
        lead({ email: false, phone: false, name: 'full', company: true }),
        ...steady(rng.between(0, 2)),
      ];
    case 'name-then-phone':
      // Rule 3 links a phone-only lead; without its company it would stand alone until the third lead merges.
      return [
        lead(FULL),
        lead({ email: false, phone: true, name: 'full', company: true }, randomAction(rng), 'webhook'),
        lead({ email: true, phone: true, name: 'full', company: rng.chance(0.5) }),
        ...steady(rng.between(0, 1)),
      ];
    case 'late-contact':
      // A test drive with only name and company, then a contact-me lead that brings the email (rule 3 links
      // them): the customer becomes contactable late and must get both first contact and trial check-in.
      return [
        lead({ email: false, phone: false, name: 'full', company: true }, 'StartTestDrive', 'webhook'),
        lead(FULL, 'PLT'),
        ...steady(rng.between(0, 1)),
      ];
    case 'bridge':
      // Two customers (one by email, one by phone with no name key), then a lead carrying both merges them.
      return [
        lead({ ...FULL, company: rng.chance(0.7) }),
        lead({
          email: false,
          phone: true,
          name: rng.pick(['first', 'none', 'full'] as const),
          company: false,
        }),
        lead({ email: true, phone: true, name: rng.chance(0.5) ? 'full' : 'none', company: rng.chance(0.5) }),
        ...steady(rng.between(0, 1)),
      ];
    case 'switchboard':
      return [
        lead({ ...FULL, phone: true, company: rng.chance(0.8) }),
        ...Array.from({ length: rng.between(0, 2) }, () =>
          lead({ email: true, phone: rng.chance(0.5), name: 'full', company: rng.chance(0.8) }),
        ),
      ];
    case 'dnc-only':
      return Array.from({ length: rng.between(1, 2) }, () => lead(steadyCarry(rng, person), 'DNC'));
    case 'unrecognized': {
      const how = UNRECOGNIZED[person.variant % UNRECOGNIZED.length]!;
      return [{ ...lead(FULL, 'PLT'), special: { kind: 'unrecognized', how } }];
    }
    case 'test': {
      const how = TESTS[person.variant % TESTS.length]!;
      return [{ ...lead(FULL, rng.pick(['INS', 'PLT'] as const)), special: { kind: 'test', how } }];
    }
    case 'anonymous': {
      const how = ANONYMOUS[person.variant % ANONYMOUS.length]!;
      const none: Carry = { email: false, phone: false, name: 'none', company: false };
      return [{ ...lead(none, 'PLT', 'webhook'), special: { kind: 'anonymous', how } }];
    }
  }
};

/**
 * Interleaves the persons' lead sequences at random, keeping each person's own order (the order the
 * truth was written for): every lead gets a random instant, a person's instants sorted.
 */
export const interleave = (rng: Rng, sequences: ReadonlyArray<ReadonlyArray<LeadPlan>>): LeadPlan[] =>
  sequences
    .flatMap((sequence) => {
      const instants = sequence.map(() => rng.next()).sort((a, b) => a - b);
      return sequence.map((plan, i) => ({ plan, at: instants[i]! }));
    })
    .sort((a, b) => a.at - b.at)
    .map(({ plan }) => plan);
