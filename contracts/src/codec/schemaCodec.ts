import * as t from 'io-ts';

/** A JSON Schema fragment, plain JSON. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One definition giving an io-ts codec and the JSON Schema that accepts exactly the same JSON values. */
export interface SchemaCodec<A> {
  readonly codec: t.Type<A, A, unknown>;
  readonly schema: JsonSchema;
}

/** Any SchemaCodec, whatever it decodes to. */
export interface AnySchemaCodec {
  readonly codec: t.Mixed;
  readonly schema: JsonSchema;
}

export interface StringConstraints {
  /** Shown in error messages as "expected <name>". */
  readonly name: string;
  readonly description?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An ECMAScript regex source, applied with the `u` flag as ajv does. */
  readonly pattern?: string;
  /** Annotation only: the pattern must carry the whole check. */
  readonly format?: string;
  readonly examples?: ReadonlyArray<string>;
}

// JSON Schema lengths count code points, not UTF-16 units (ajv's ucs2length does the same).
const codePointLength = (value: string): number => {
  let length = 0;
  for (const _codePoint of value) length += 1;
  return length;
};

/**
 * Whether the code-point length of `value` is within the bounds. A string of n UTF-16 units has
 * between ⌈n/2⌉ and n code points, which settles most checks without counting.
 */
const withinLength = (
  value: string,
  minLength: number | undefined,
  maxLength: number | undefined,
): boolean => {
  const units = value.length;
  const fewest = Math.ceil(units / 2);
  const minSettled = minLength === undefined || fewest >= minLength;
  const maxSettled = maxLength === undefined || units <= maxLength;
  if (minSettled && maxSettled) return true;
  if ((minLength !== undefined && units < minLength) || (maxLength !== undefined && fewest > maxLength))
    return false;
  const length = codePointLength(value);
  return (minLength === undefined || length >= minLength) && (maxLength === undefined || length <= maxLength);
};

// The schema each codec below was built with, so that a schema can be derived for io-ts types
// composed of them (jsonSchemaOf) without a second, hand-kept description.
const builtSchemas = new WeakMap<t.Any, JsonSchema>();

/** The JSON Schema a codec of this module was built with (undefined for other codecs). */
export const builtSchemaOf = (codec: t.Any): JsonSchema | undefined => builtSchemas.get(codec);

const built = <A>(definition: SchemaCodec<A>): SchemaCodec<A> => {
  builtSchemas.set(definition.codec, definition.schema);
  return definition;
};

/**
 * Documents a hand-written codec (a refinement jsonSchemaOf cannot read) with the JSON Schema of the
 * values it accepts, so that io-ts types composed of it get a derived schema too. The schema is
 * documentation: it may accept a little more than the codec (a check no keyword expresses).
 */
export const documentedCodec = <C extends t.Any>(codec: C, schema: JsonSchema): C => {
  builtSchemas.set(codec, schema);
  return codec;
};

const definedEntries = (entries: Record<string, unknown>): JsonSchema =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

/** A string codec with JSON Schema string constraints (minLength, maxLength, pattern). */
export const constrainedString = (constraints: StringConstraints): SchemaCodec<string> => {
  const { name, description, minLength, maxLength, pattern, format, examples } = constraints;
  const regex = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  const is = (u: unknown): u is string =>
    typeof u === 'string' && withinLength(u, minLength, maxLength) && (regex === undefined || regex.test(u));
  const codec = new t.Type<string, string, unknown>(
    name,
    is,
    (u, context) => (is(u) ? t.success(u) : t.failure(u, context)),
    t.identity,
  );
  const schema = definedEntries({
    description,
    type: 'string',
    minLength,
    maxLength,
    pattern,
    format,
    examples,
  });
  return built({ codec, schema });
};

/** Any string. */
export const anyString = (description?: string): SchemaCodec<string> =>
  constrainedString({ name: 'string', description });

/** Accepts null besides what `inner` accepts; the schema widens `type` to `[type, "null"]`. */
export const nullable = <A>(
  inner: SchemaCodec<A>,
  name = `${inner.codec.name} or null`,
): SchemaCodec<A | null> => {
  const innerType = inner.schema['type'];
  if (typeof innerType !== 'string')
    throw new Error(`nullable() needs a schema with one type, got ${String(innerType)}`);
  const codec = new t.Type<A | null, A | null, unknown>(
    name,
    (u): u is A | null => u === null || inner.codec.is(u),
    (u, context) => (u === null ? t.success(null) : inner.codec.validate(u, context)),
    t.identity,
  );
  return built({ codec, schema: { ...inner.schema, type: [innerType, 'null'] } });
};

type Flatten<T> = { [K in keyof T]: T[K] };

/** The decoded type of a closed object with `required` and `optional` fields. */
export type ClosedObjectType<
  R extends Record<string, AnySchemaCodec>,
  O extends Record<string, AnySchemaCodec>,
> = Flatten<{ [K in keyof R]: t.TypeOf<R[K]['codec']> } & { [K in keyof O]?: t.TypeOf<O[K]['codec']> }>;

export interface ClosedObjectDefinition<R, O> {
  readonly name: string;
  readonly description?: string;
  readonly required: R;
  readonly optional: O;
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/** Context handed to field codecs on the fast path: only failures read it, and those re-run with the real one. */
const NO_CONTEXT: t.Context = [];

/**
 * An object with exactly these fields (`additionalProperties: false`); a field whose value is
 * `undefined` counts as absent, as in JSON Schema.
 */
export const closedObject = <
  R extends Record<string, AnySchemaCodec>,
  O extends Record<string, AnySchemaCodec>,
>(
  definition: ClosedObjectDefinition<R, O>,
): SchemaCodec<ClosedObjectType<R, O>> => {
  const { name, description, required, optional } = definition;
  const fields: ReadonlyArray<readonly [string, AnySchemaCodec, boolean]> = [
    ...Object.entries(required).map(([key, field]) => [key, field, true] as const),
    ...Object.entries(optional).map(([key, field]) => [key, field, false] as const),
  ];
  const allowed = fields.map(([key]) => key);
  const allowedSet = new Set(allowed);
  type A = ClosedObjectType<R, O>;

  /** The common case without error contexts: no unknown key, every field valid; else undefined. */
  const decodeQuickly = (u: Record<string, unknown>): A | undefined => {
    for (const key of Object.keys(u)) if (!allowedSet.has(key)) return undefined;
    const decoded: Record<string, unknown> = {};
    for (const [key, field, isRequired] of fields) {
      const value = hasOwn(u, key) ? u[key] : undefined;
      if (value === undefined && !isRequired) continue;
      const result = field.codec.validate(value, NO_CONTEXT);
      if (result._tag === 'Left') return undefined;
      decoded[key] = result.right;
    }
    return decoded as A;
  };

  const validate = (u: unknown, context: t.Context): t.Validation<A> => {
    if (!isRecord(u)) return t.failure(u, context);
    const quick = decodeQuickly(u);
    if (quick !== undefined) return t.success(quick);
    const errors: t.ValidationError[] = [];
    const decoded: Record<string, unknown> = {};
    for (const key of Object.keys(u)) {
      if (allowed.includes(key)) continue;
      const message = `unknown property ${JSON.stringify(key)} (allowed here: ${allowed.join(', ')})`;
      errors.push({ value: u[key], context: t.appendContext(context, key, t.never, u[key]), message });
    }
    for (const [key, field, isRequired] of fields) {
      const value = hasOwn(u, key) ? u[key] : undefined;
      if (value === undefined && !isRequired) continue;
      const result = field.codec.validate(value, t.appendContext(context, key, field.codec, value));
      if (result._tag === 'Left') errors.push(...result.left);
      else decoded[key] = result.right;
    }
    return errors.length > 0 ? t.failures(errors) : t.success(decoded as A);
  };

  const is = (u: unknown): u is A => validate(u, [])._tag === 'Right';
  const codec = new t.Type<A, A, unknown>(name, is, validate, t.identity);
  const schema = definedEntries({
    description,
    type: 'object',
    properties: Object.fromEntries(fields.map(([key, field]) => [key, field.schema])),
    required: Object.keys(required),
    additionalProperties: false,
  });
  return built({ codec, schema });
};
