import {
  PERSONAL_FIELDS,
  SEALED_FIELD,
  valueAt,
  withFieldValues,
  withoutPersonalData,
} from '@leadflow/contracts';
import type { JsonObject } from '@leadflow/eventstore';
import { decrypt, encrypt } from './crypto';

/** The sealed part of a stored event: the id of the key it was sealed with, and the ciphertext (base64). */
export interface SealedPart {
  readonly k: string;
  readonly c: string;
}

type Json = Record<string, unknown>;

const isRecord = (u: unknown): u is Json => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The sealed part of stored data, if it has one. */
export const sealedPartOf = (data: unknown): SealedPart | null => {
  if (!isRecord(data)) return null;
  const part = data[SEALED_FIELD];
  return isRecord(part) && typeof part['k'] === 'string' && typeof part['c'] === 'string'
    ? { k: part['k'], c: part['c'] }
    : null;
};

/**
 * Whose key seals an event's personal fields: the merged customer's for a merge (its identity came
 * from that customer's leads, so the survivor's stream refers to that key), else the stream's own.
 */
export const sealingKeyId = (type: string, data: Json, streamCustomerId: string): string =>
  type === 'CustomerMerged' && typeof data['mergedCustomerId'] === 'string'
    ? data['mergedCustomerId']
    : streamCustomerId;

const isPlaceholder = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  (isRecord(value) &&
    Array.isArray(value['emails']) &&
    value['emails'].length === 0 &&
    Array.isArray(value['phones']) &&
    value['phones'].length === 0 &&
    Array.isArray(value['names']) &&
    value['names'].length === 0);

/** What the ciphertext is bound to: the event and the key (a sealed part moved to another event does not open). */
const aadOf = (type: string, eventId: string, keyId: string) => `${type}:${eventId}:${keyId}`;

/**
 * The stored form of an event's data: its personal fields replaced by placeholders and sealed, with
 * AES-256-GCM under `key`, into one part beside them. Data without personal values is returned as it
 * is; with `key` null (the customer was erased) the personal values are dropped, not stored.
 */
export const sealData = (
  type: string,
  eventId: string,
  data: Json,
  keyId: string,
  key: Buffer | null,
): Json => {
  const fields = PERSONAL_FIELDS[type];
  if (fields === undefined || sealedPartOf(data) !== null) return data;
  const values = fields.map((f) => valueAt(data, f.path));
  if (values.every(isPlaceholder)) return data;
  const stripped = withoutPersonalData(type, data);
  if (key === null) return stripped;
  const ciphertext = encrypt(key, Buffer.from(JSON.stringify(values), 'utf8'), aadOf(type, eventId, keyId));
  return { ...stripped, [SEALED_FIELD]: { k: keyId, c: ciphertext.toString('base64') } };
};

/**
 * Stored data with its sealed part opened: the personal fields back in place. Without the key (an
 * erased customer) or when the part does not open, the placeholders: a fixed value, never an error,
 * so replays and rebuilds run through erased streams.
 */
export const openData = (type: string, eventId: string, data: Json, key: Buffer | null): Json => {
  const part = sealedPartOf(data);
  if (part === null) return data;
  const fields = PERSONAL_FIELDS[type];
  if (key === null || fields === undefined) return withoutPersonalData(type, data);
  let values: unknown;
  try {
    values = JSON.parse(
      decrypt(key, Buffer.from(part.c, 'base64'), aadOf(type, eventId, part.k)).toString('utf8'),
    );
  } catch {
    return withoutPersonalData(type, data);
  }
  if (!Array.isArray(values)) return withoutPersonalData(type, data);
  // Each field gets its opened value, or its placeholder where the sealed list has none.
  const opened: unknown[] = values;
  return withFieldValues(data, fields, (i) => (i < opened.length ? opened[i] : fields[i]!.placeholder));
};

/** `sealData` for a JSON object as the event store takes it. */
export const sealJson = (
  type: string,
  eventId: string,
  data: JsonObject,
  keyId: string,
  key: Buffer | null,
): JsonObject => sealData(type, eventId, data as Json, keyId, key) as JsonObject;
