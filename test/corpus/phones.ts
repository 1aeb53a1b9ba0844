import type { Rng } from './prng';

/** How one country writes its numbers: calling code, trunk prefix, international prefix, number shapes. */
type CountryPlan = {
  readonly callingCode: string;
  /** Dialled before a national number (`0` in most of Europe, `1` optional in North America, none in Spain). */
  readonly trunk: string;
  /** The international call prefix dialled from that country (`00`, `010`, `0011`), if it has one leadflow users write. */
  readonly idd: string | null;
  /** National significant numbers: a generator of digits and how they are grouped when written. */
  readonly shapes: ReadonlyArray<{
    readonly make: (rng: Rng) => string;
    readonly groups: ReadonlyArray<number>;
  }>;
  /** Spellings of the country field (alpha-2, alpha-3, English names, aliases). */
  readonly spellings: ReadonlyArray<string>;
};

const nanpSubscriber = (rng: Rng, areaCodes: ReadonlyArray<string>): string => {
  for (;;) {
    const exchange = `${rng.between(2, 9)}${rng.digits(2)}`;
    // N11 codes and 555 are service or fictional exchanges, not numbers a customer has.
    if (exchange.endsWith('11') || exchange === '555') continue;
    return `${rng.pick(areaCodes)}${exchange}${rng.digits(4)}`;
  }
};

export const COUNTRY_PLANS: Readonly<Record<string, CountryPlan>> = {
  US: {
    callingCode: '1',
    trunk: '1',
    idd: null,
    shapes: [
      {
        make: (rng) =>
          nanpSubscriber(rng, ['206', '212', '312', '415', '617', '646', '720', '305', '404', '503']),
        groups: [3, 3, 4],
      },
    ],
    spellings: ['US', 'USA', 'United States', 'United States of America', 'us'],
  },
  CA: {
    callingCode: '1',
    trunk: '1',
    idd: null,
    shapes: [{ make: (rng) => nanpSubscriber(rng, ['416', '604', '514', '613', '403']), groups: [3, 3, 4] }],
    spellings: ['CA', 'CAN', 'Canada'],
  },
  GB: {
    callingCode: '44',
    trunk: '0',
    idd: '00',
    shapes: [
      { make: (rng) => `20${rng.pick(['3', '7', '8'])}${rng.digits(7)}`, groups: [2, 4, 4] },
      // 7911 is split into ranges of which only some are allocated: leave it out.
      { make: (rng) => `79${rng.between(2, 9)}${rng.digits(7)}`, groups: [4, 6] },
    ],
    spellings: ['GB', 'UK', 'United Kingdom', 'GBR', 'Great Britain'],
  },
  DE: {
    callingCode: '49',
    trunk: '0',
    idd: '00',
    shapes: [
      { make: (rng) => `30${rng.between(1, 9)}${rng.digits(7)}`, groups: [2, 4, 4] },
      { make: (rng) => `151${rng.between(1, 9)}${rng.digits(7)}`, groups: [3, 8] },
    ],
    spellings: ['DE', 'DEU', 'Germany', 'Deutschland'],
  },
  FR: {
    callingCode: '33',
    trunk: '0',
    idd: '00',
    shapes: [
      { make: (rng) => `14${rng.digits(7)}`, groups: [1, 2, 2, 2, 2] },
      {
        make: (rng) => `6${rng.pick(['1', '2', '4', '5', '6', '7'])}${rng.digits(7)}`,
        groups: [1, 2, 2, 2, 2],
      },
    ],
    spellings: ['FR', 'FRA', 'France'],
  },
  JP: {
    callingCode: '81',
    trunk: '0',
    idd: '010',
    shapes: [
      { make: (rng) => `3${rng.between(1, 9)}${rng.digits(7)}`, groups: [1, 4, 4] },
      { make: (rng) => `90${rng.between(1, 9)}${rng.digits(7)}`, groups: [2, 4, 4] },
    ],
    spellings: ['JP', 'JPN', 'Japan'],
  },
  IN: {
    callingCode: '91',
    trunk: '0',
    idd: '00',
    shapes: [{ make: (rng) => `9${rng.pick(['7', '8', '9'])}${rng.digits(8)}`, groups: [5, 5] }],
    spellings: ['IN', 'IND', 'India'],
  },
  AU: {
    callingCode: '61',
    trunk: '0',
    idd: '0011',
    shapes: [
      { make: (rng) => `29${rng.digits(7)}`, groups: [1, 4, 4] },
      { make: (rng) => `41${rng.digits(7)}`, groups: [3, 3, 3] },
    ],
    spellings: ['AU', 'AUS', 'Australia'],
  },
  ES: {
    callingCode: '34',
    // Spain dials no trunk prefix: a national number is the nine digits alone.
    trunk: '',
    idd: '00',
    shapes: [
      { make: (rng) => `91${rng.between(2, 8)}${rng.digits(6)}`, groups: [3, 3, 3] },
      {
        make: (rng) => `6${rng.pick(['0', '1', '2', '3', '5', '6', '7', '8', '9'])}${rng.digits(7)}`,
        groups: [3, 3, 3],
      },
    ],
    spellings: ['ES', 'ESP', 'Spain'],
  },
};

export const COUNTRIES = Object.keys(COUNTRY_PLANS);

const planOf = (country: string): CountryPlan => {
  const plan = COUNTRY_PLANS[country];
  if (plan === undefined) throw new Error(`no phone plan for ${country}`);
  return plan;
};

/** A phone number of a person: its country and national significant number. */
export type Phone = { readonly country: string; readonly national: string };

export const e164Of = (phone: Phone): string => `+${planOf(phone.country).callingCode}${phone.national}`;

/** A new national number for `country`, different from every one in `taken` (E.164 strings). */
export const newPhone = (rng: Rng, country: string, taken: Set<string>): Phone => {
  const plan = planOf(country);
  for (;;) {
    const phone = { country, national: rng.pick(plan.shapes).make(rng) };
    const e164 = e164Of(phone);
    if (!taken.has(e164)) {
      taken.add(e164);
      return phone;
    }
  }
};

const grouped = (phone: Phone): string[] => {
  const plan = planOf(phone.country);
  const shape = plan.shapes.find((s) => s.groups.reduce((a, b) => a + b, 0) === phone.national.length);
  const groups = shape?.groups ?? [phone.national.length];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(phone.national.slice(at, at + size));
    at += size;
  }
  return parts;
};

/** The ways leads write a phone number; the ones needing the lead's country are marked. */
export type PhoneSpelling =
  | 'e164'
  | 'international-spaced'
  | 'international-dashed'
  | 'international-trunk-in-parentheses'
  | 'national'
  | 'national-spaced'
  | 'national-dashed'
  | 'national-dotted'
  | 'national-parentheses'
  | 'international-prefix'
  | 'international-prefix-compact';

export const INTERNATIONAL_SPELLINGS: ReadonlyArray<PhoneSpelling> = [
  'e164',
  'international-spaced',
  'international-dashed',
];

/** The spellings that can be written for `country` (some need an international prefix or a trunk prefix). */
export const spellingsFor = (country: string, withCountry: boolean): PhoneSpelling[] => {
  if (!withCountry) return [...INTERNATIONAL_SPELLINGS];
  const plan = planOf(country);
  const all: PhoneSpelling[] = [
    ...INTERNATIONAL_SPELLINGS,
    'national',
    'national-spaced',
    'national-dashed',
    'national-dotted',
    'national-parentheses',
  ];
  if (plan.trunk === '0') all.push('international-trunk-in-parentheses');
  if (plan.idd !== null) all.push('international-prefix', 'international-prefix-compact');
  return all;
};

/** Writes `phone` in one spelling; a North American national number sometimes keeps its leading 1. */
export const spellPhone = (rng: Rng, phone: Phone, spelling: PhoneSpelling): string => {
  const plan = planOf(phone.country);
  const parts = grouped(phone);
  const [head = '', ...rest] = parts;
  const nanp = plan.callingCode === '1';
  const trunk = nanp ? (rng.chance(0.3) ? '1' : '') : plan.trunk;
  switch (spelling) {
    case 'e164':
      return `+${plan.callingCode}${phone.national}`;
    case 'international-spaced':
      return `+${plan.callingCode} ${parts.join(' ')}`;
    case 'international-dashed':
      return `+${plan.callingCode} ${parts.join('-')}`;
    case 'international-trunk-in-parentheses':
      return `+${plan.callingCode} (${plan.trunk})${parts.join(' ')}`;
    case 'national':
      return `${trunk}${phone.national}`;
    case 'national-spaced':
      return nanp
        ? `${trunk === '' ? '' : `${trunk} `}${parts.join(' ')}`
        : `${plan.trunk}${head} ${rest.join(' ')}`;
    case 'national-dashed':
      return nanp
        ? `${trunk === '' ? '' : `${trunk}-`}${parts.join('-')}`
        : `${plan.trunk}${head}-${rest.join('-')}`;
    case 'national-dotted':
      return nanp ? parts.join('.') : `${plan.trunk}${head}.${rest.join('.')}`;
    case 'national-parentheses':
      return nanp
        ? `${trunk === '' ? '' : `${trunk} `}(${head}) ${rest.join('-')}`
        : `(${plan.trunk}${head}) ${rest.join(' ')}`;
    case 'international-prefix':
      return `${plan.idd} ${plan.callingCode} ${parts.join(' ')}`;
    case 'international-prefix-compact':
      return `${plan.idd}${plan.callingCode}${phone.national}`;
  }
};

/** An extension as leads append it; the number's key ignores it. */
export const EXTENSIONS = [' ext. 12', ' ext 7', ' x204', ' ext. 3101'];
