import * as E from 'fp-ts/Either';

/** The headings of the configuration page, in the order it shows them. */
export const GROUPS = [
  'HTTP server',
  'Event store and databases',
  'Bus and Kafka',
  'Security',
  'Ingestion',
  'Follow-ups',
  'Read side',
  'Logging',
] as const;
export type Group = (typeof GROUPS)[number];

/**
 * One environment variable: how it is documented and how it is read. The parser, the documentation
 * page and the tests are all built from these, so they cannot disagree.
 */
export interface Variable<A> {
  readonly name: string;
  readonly group: Group;
  readonly meaning: string;
  /** The default as the documentation shows it. */
  readonly defaultText: string;
  /** The accepted values as the documentation shows them. */
  readonly allowed: string;
  /** A value the parser refuses (the tests set it); null when every text is accepted. */
  readonly badExample: string | null;
  /** `raw` is the trimmed value, undefined when unset or blank. Errors name the variable. */
  readonly read: (raw: string | undefined) => E.Either<string, A>;
}

interface Described {
  readonly name: string;
  readonly group: Group;
  readonly meaning: string;
}

const quoted = (name: string, raw: string) => `${name}=${JSON.stringify(raw)}`;

/** Any text; `fallback` when unset. */
export const text = (d: Described & { fallback: string }): Variable<string> => ({
  ...d,
  defaultText: `\`${d.fallback}\``,
  allowed: 'any text',
  badExample: null,
  read: (raw) => E.right(raw ?? d.fallback),
});

/** Text matching `pattern` (described as `allowed`); `fallback` when unset, null when there is none. */
export const pattern = <F extends string | null>(
  d: Described & { fallback: F; pattern: RegExp; allowed: string; badExample: string },
): Variable<string | F> => ({
  name: d.name,
  group: d.group,
  meaning: d.meaning,
  defaultText: d.fallback === null ? 'unset' : d.fallback === '' ? 'empty' : `\`${d.fallback}\``,
  allowed: d.allowed,
  badExample: d.badExample,
  read: (raw) => {
    if (raw === undefined) return E.right(d.fallback);
    return d.pattern.test(raw) ? E.right(raw) : E.left(`${quoted(d.name, raw)}: expected ${d.allowed}`);
  },
});

/** An integer from `min` to `max`. */
export const integer = (d: Described & { fallback: number; min: number; max: number }): Variable<number> => ({
  ...d,
  defaultText: `\`${d.fallback}\``,
  allowed: `integer ${d.min} to ${d.max}`,
  badExample: `${d.max + 1}`,
  read: (raw) => {
    if (raw === undefined) return E.right(d.fallback);
    const n = Number(raw);
    return Number.isInteger(n) && n >= d.min && n <= d.max
      ? E.right(n)
      : E.left(`${quoted(d.name, raw)}: expected an integer from ${d.min} to ${d.max}`);
  },
});

/** One of a few words. */
export const oneOf = <A extends string>(
  d: Described & { fallback: A; values: ReadonlyArray<A> },
): Variable<A> => ({
  name: d.name,
  group: d.group,
  meaning: d.meaning,
  defaultText: `\`${d.fallback}\``,
  allowed: d.values.map((v) => `\`${v}\``).join(', '),
  badExample: 'not-a-choice',
  read: (raw) => {
    if (raw === undefined) return E.right(d.fallback);
    return (d.values as ReadonlyArray<string>).includes(raw)
      ? E.right(raw as A)
      : E.left(`${quoted(d.name, raw)}: expected one of ${d.values.join(', ')}`);
  },
});

/** `true`/`1` or `false`/`0`. */
export const flag = (d: Described & { fallback: boolean }): Variable<boolean> => ({
  ...d,
  defaultText: `\`${String(d.fallback)}\``,
  allowed: '`true`, `false` (or `1`, `0`)',
  badExample: 'yes',
  read: (raw) => {
    if (raw === undefined) return E.right(d.fallback);
    if (raw === 'true' || raw === '1') return E.right(true);
    if (raw === 'false' || raw === '0') return E.right(false);
    return E.left(`${quoted(d.name, raw)}: expected true or false`);
  },
});

/** A variable with its own reader (lists, secrets). */
export const custom = <A>(
  d: Described & {
    defaultText: string;
    allowed: string;
    badExample: string;
    read: (raw: string | undefined) => E.Either<string, A>;
  },
): Variable<A> => d;
