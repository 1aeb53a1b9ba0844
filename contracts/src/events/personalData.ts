import * as t from 'io-ts';
import { eventCodec } from './metadata';

/** Why a customer's personal data was erased: a person's request, or the retention period ran out. */
export const ErasureReason = t.keyof({ request: null, retention: null });
export type ErasureReason = t.TypeOf<typeof ErasureReason>;

export const PersonalDataErasedData = t.type({
  customerId: t.string,
  /** The erasure request this belongs to (`GET /v1/privacy/erasures/{id}`). */
  erasureId: t.string,
  erasedAt: t.string,
  reason: ErasureReason,
  /** Every customer id whose key was destroyed with this one (itself and the customers merged into it). */
  customerIds: t.readonlyArray(t.string),
});
export type PersonalDataErasedData = t.TypeOf<typeof PersonalDataErasedData>;

/**
 * The customer's data keys were destroyed: its personal fields can no longer be read anywhere (they
 * read as null), and every read model keeps only its non-personal facts from here on.
 */
export const PersonalDataErased = eventCodec('PersonalDataErased', PersonalDataErasedData);
export type PersonalDataErased = t.TypeOf<typeof PersonalDataErased>;

/**
 * The property of a stored event's data that holds its sealed (encrypted) personal fields; the fields
 * themselves are stored as their placeholder (null, or an empty identity) beside it.
 */
export const SEALED_FIELD = 'sealed';

/** A personal field of an event's data: its path and the placeholder stored (and read when the key is gone). */
export interface PersonalField {
  readonly path: ReadonlyArray<string>;
  readonly placeholder: null | { readonly emails: []; readonly phones: []; readonly names: [] };
}

const field = (...path: string[]): PersonalField => ({ path, placeholder: null });

/**
 * Which fields of each event type are personal data. Everything else (ids, times, source, action,
 * offer, country, flags, hashes, who completed a task) stays clear, so projections, funnels and
 * analytics work without keys.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, ReadonlyArray<PersonalField>>> = {
  LeadReceived: [
    field('customer', 'original', 'firstName'),
    field('customer', 'original', 'lastName'),
    field('customer', 'original', 'email'),
    field('customer', 'original', 'phone'),
    field('customer', 'original', 'company'),
    field('customer', 'original', 'title'),
    field('customer', 'normalised', 'email'),
    field('customer', 'normalised', 'phone'),
    field('customer', 'normalised', 'firstName'),
    field('customer', 'normalised', 'lastName'),
    field('customer', 'normalised', 'fullName'),
    field('customer', 'normalised', 'company'),
    field('description'),
  ],
  CustomerMerged: [{ path: ['absorbed', 'identity'], placeholder: { emails: [], phones: [], names: [] } }],
  FollowUpCompleted: [field('note')],
  ContactPreferenceChanged: [field('reason')],
};

type Json = Record<string, unknown>;
const isRecord = (u: unknown): u is Json => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The value at `path` in `data` (undefined when a step is missing). */
export const valueAt = (data: unknown, path: ReadonlyArray<string>): unknown => {
  let current: unknown = data;
  for (const step of path) {
    if (!isRecord(current)) return undefined;
    current = current[step];
  }
  return current;
};

/**
 * A copy of `data` with `value` at `path`, copying only the objects along the path (the rest is
 * shared). A path whose parent is missing is left as it is.
 */
export const withValueAt = (data: Json, path: ReadonlyArray<string>, value: unknown): Json => {
  const [head, ...rest] = path;
  if (head === undefined) return data;
  if (rest.length === 0) return { ...data, [head]: value };
  const child = data[head];
  return isRecord(child) ? { ...data, [head]: withValueAt(child, rest, value) } : data;
};

/**
 * A copy of `data` with `valueOf(i)` at the path of each `fields[i]` that is present (an undefined value
 * leaves the field as it is), without a sealed part. Each object along the paths is copied once, the
 * rest shared: a lead's thirteen fields cost three object copies, not thirteen times three.
 */
export const withFieldValues = (
  data: Json,
  fields: ReadonlyArray<PersonalField>,
  valueOf: (index: number) => unknown,
): Json => {
  const out: Json = { ...data };
  delete out[SEALED_FIELD];
  const copies = new Set<Json>([out]);
  fields.forEach((f, i) => {
    const value = valueOf(i);
    if (value === undefined) return;
    let parent = out;
    for (let depth = 0; depth < f.path.length - 1; depth += 1) {
      const step = f.path[depth]!;
      const child = parent[step];
      if (!isRecord(child)) return;
      let copy = child;
      if (!copies.has(child)) {
        copy = { ...child };
        copies.add(copy);
        parent[step] = copy;
      }
      parent = copy;
    }
    const last = f.path[f.path.length - 1];
    if (last !== undefined && parent[last] !== undefined) parent[last] = value;
  });
  return out;
};

/** True when the event type has personal fields. */
export const hasPersonalFields = (type: string): boolean => Object.hasOwn(PERSONAL_FIELDS, type);

/**
 * The event's data with every personal field replaced by its placeholder and no sealed part: what
 * may leave leadflow without a key (Kafka messages) and what an erased customer's events read as.
 */
export const withoutPersonalData = (type: string, data: Json): Json => {
  const fields = PERSONAL_FIELDS[type];
  if (fields === undefined) return data;
  return withFieldValues(data, fields, (i) => fields[i]!.placeholder);
};
