import * as t from 'io-ts';

/** One reason a lead was rejected: a JSON-pointer path ("" is the whole body) and a human message. */
export const DecodeError = t.type({ path: t.string, message: t.string });
export type DecodeError = t.TypeOf<typeof DecodeError>;

/** Builds a DecodeError. */
export const decodeError = (path: string, message: string): DecodeError => ({ path, message });

/** Turns object keys into an RFC 6901 JSON pointer (`["UserDetails","Email"]` -> `/UserDetails/Email`). */
export const jsonPointer = (keys: ReadonlyArray<string>): string =>
  keys.map((key) => '/' + key.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

const MAX_SHOWN = 60;

/** Describes a received value for an error message: `string "abc"`, `number 42`, `nothing (missing)`... */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return value.trim() === ''
      ? `an empty string ${JSON.stringify(shown)}`
      : `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
};

// Union and intersection members add an index to the io-ts context that is no key of the data.
const addsNoDataKey = (decoder: t.Decoder<unknown, unknown>): boolean => {
  const tag = (decoder as { readonly _tag?: unknown })._tag;
  return tag === 'UnionType' || tag === 'IntersectionType';
};

interface Located {
  readonly keys: ReadonlyArray<string>;
  readonly expected: string;
}

const locate = (context: t.Context): Located => {
  const keys: string[] = [];
  let expected = context[0]?.type.name ?? 'a valid value';
  context.forEach((entry, index) => {
    const parent = context[index - 1];
    if (parent === undefined || addsNoDataKey(parent.type)) return;
    keys.push(entry.key);
    expected = entry.type.name;
  });
  return { keys, expected };
};

const isStrictPrefix = (prefix: string, path: string): boolean =>
  path.length > prefix.length && path.startsWith(prefix) && path[prefix.length] === '/';

/**
 * Turns io-ts validation errors into precise DecodeErrors: one per path and message, in input order,
 * dropping an error on a path when a deeper error explains it (e.g. the `null` branch of a nullable object).
 */
export const fromValidationErrors = (errors: t.Errors): DecodeError[] => {
  const seen = new Set<string>();
  const all: DecodeError[] = [];
  for (const error of errors) {
    const { keys, expected } = locate(error.context);
    const path = jsonPointer(keys);
    const message = error.message ?? `expected ${expected}, got ${describeValue(error.value)}`;
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    all.push({ path, message });
  }
  return all.filter((error) => !all.some((other) => isStrictPrefix(error.path, other.path)));
};
