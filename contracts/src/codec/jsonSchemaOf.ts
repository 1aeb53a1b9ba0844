import type * as t from 'io-ts';
import { builtSchemaOf, type JsonSchema } from './schemaCodec';

/**
 * The io-ts combinators jsonSchemaOf reads, by their runtime `_tag`. Each names the fields it
 * reads; a codec of any other kind (a refinement, a hand-written `new t.Type`) has no schema
 * that could be derived, so jsonSchemaOf refuses it rather than answer `{}`.
 */
type Tagged =
  | { _tag: 'StringType' | 'NumberType' | 'BooleanType' | 'NullType' | 'UnknownType' }
  | { _tag: 'LiteralType'; value: string | number | boolean }
  | { _tag: 'KeyofType'; keys: Record<string, unknown> }
  | { _tag: 'UnionType' | 'IntersectionType'; types: ReadonlyArray<t.Any> }
  | { _tag: 'InterfaceType' | 'PartialType'; props: Record<string, t.Any> }
  | { _tag: 'ArrayType' | 'ReadonlyArrayType' | 'ReadonlyType' | 'ExactType'; type: t.Any };

const SIMPLE: Readonly<Record<string, JsonSchema>> = {
  StringType: { type: 'string' },
  NumberType: { type: 'number' },
  BooleanType: { type: 'boolean' },
  NullType: { type: 'null' },
  UnknownType: {},
};

/** `{type: X}` and nothing else: such members of a union fold into one `type: [X, Y]`. */
const singleType = (schema: JsonSchema): string | undefined =>
  Object.keys(schema).length === 1 && typeof schema['type'] === 'string' ? schema['type'] : undefined;

const union = (members: ReadonlyArray<JsonSchema>): JsonSchema => {
  const types = members.map(singleType);
  if (types.every((type) => type !== undefined)) return { type: [...new Set(types)] };
  // An enum with null (`t.union([Kind, t.null])`) reads better as one enum that includes null.
  const enums = members.filter((m) => Array.isArray(m['enum']));
  if (enums.length === 1 && members.length === 2 && members.some((m) => singleType(m) === 'null')) {
    const only = enums[0]!;
    return { type: [only['type'], 'null'], enum: [...(only['enum'] as unknown[]), null] };
  }
  return { anyOf: members };
};

const isOpenObject = (schema: JsonSchema): boolean =>
  schema['type'] === 'object' &&
  schema['additionalProperties'] === undefined &&
  Object.keys(schema).every((key) => ['type', 'properties', 'required'].includes(key));

/** Intersections of open objects (io-ts `t.type` & `t.partial`) merge into one object; others stay allOf. */
const intersection = (members: ReadonlyArray<JsonSchema>): JsonSchema => {
  if (!members.every(isOpenObject)) return { allOf: members };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const member of members) {
    for (const [key, schema] of Object.entries((member['properties'] ?? {}) as Record<string, JsonSchema>)) {
      if (key in properties) return { allOf: members };
      properties[key] = schema;
    }
    required.push(...((member['required'] ?? []) as string[]));
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
};

const object = (props: Record<string, t.Any>, allRequired: boolean): JsonSchema => {
  const properties = Object.fromEntries(
    Object.entries(props).map(([key, codec]) => [key, jsonSchemaOf(codec)]),
  );
  // A `t.type` key may be missing only when its codec accepts undefined (JSON has no undefined).
  const required = allRequired ? Object.keys(props).filter((key) => !props[key]!.is(undefined)) : [];
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
};

/**
 * The JSON Schema (draft-07 keywords, also valid in 2020-12) accepting the JSON values `codec`
 * decodes. io-ts `t.type` objects stay open, as the codec ignores unknown keys; codecs built by
 * schemaCodec (closed objects, constrained strings) bring the schema they were built with.
 */
export const jsonSchemaOf = (codec: t.Any): JsonSchema => {
  const built = builtSchemaOf(codec);
  if (built !== undefined) return built;
  const tagged = codec as unknown as Tagged;
  const simple = SIMPLE[tagged._tag];
  if (simple !== undefined) return simple;
  switch (tagged._tag) {
    case 'LiteralType':
      return { type: typeof tagged.value, const: tagged.value };
    case 'KeyofType':
      return { type: 'string', enum: Object.keys(tagged.keys) };
    case 'UnionType':
      return union(tagged.types.map(jsonSchemaOf));
    case 'IntersectionType':
      return intersection(tagged.types.map(jsonSchemaOf));
    case 'InterfaceType':
      return object(tagged.props, true);
    case 'PartialType':
      return object(tagged.props, false);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', items: jsonSchemaOf(tagged.type) };
    case 'ReadonlyType':
      return jsonSchemaOf(tagged.type);
    case 'ExactType':
      return { ...jsonSchemaOf(tagged.type), additionalProperties: false };
    default:
      throw new Error(`jsonSchemaOf: no JSON Schema for the codec ${codec.name}; build it with schemaCodec`);
  }
};
