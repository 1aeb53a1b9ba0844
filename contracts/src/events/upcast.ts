import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { CustomerEvent, currentSchemaVersion, type CustomerEventType } from './customerEvent';
import type { EventMetadata } from './metadata';
import { SEALED_FIELD, withoutPersonalData } from './personalData';

/** Why a stored event could not be read. */
export type UpcastError =
  | { type: 'UnknownEventType'; eventType: string }
  | { type: 'UnsupportedSchemaVersion'; eventType: string; schemaVersion: number }
  | { type: 'MalformedEvent'; eventType: string; schemaVersion: number; message: string };

/** Lifts one event's data from version n to n + 1. */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const asRecord = (u: unknown): Record<string, unknown> => (isRecord(u) ? u : {});

/** Splits a v0 single `name` into first name (first word) and last name (the rest). */
const splitName = (name: unknown): { firstName: string | null; lastName: string | null } => {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') return { firstName: null, lastName: null };
  const space = trimmed.search(/\s/);
  return space < 0
    ? { firstName: trimmed, lastName: null }
    : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space).trim() || null };
};

/**
 * LeadReceived v0 -> v1: v0 kept one `name` string (original and normalised) and had no
 * `contentHash`; v1 splits the name into first/last and v0 leads get the hash `v0:<leadId>`.
 */
const leadReceivedV0toV1: Upcaster = (data) => {
  const customer = asRecord(data['customer']);
  const { name: originalName, ...original } = asRecord(customer['original']);
  const { name: normalisedName, ...normalised } = asRecord(customer['normalised']);
  const normalisedSplit = splitName(normalisedName);
  return {
    ...data,
    contentHash:
      typeof data['contentHash'] === 'string' ? data['contentHash'] : `v0:${String(data['leadId'])}`,
    customer: {
      original: { ...original, ...splitName(originalName) },
      normalised: {
        ...normalised,
        ...normalisedSplit,
        fullName: typeof normalisedName === 'string' && normalisedName !== '' ? normalisedName : null,
      },
    },
  };
};

/**
 * LeadReceived v1 -> v2: v1 holds its personal fields in clear, which v2 still allows (v2 adds only
 * that they may be sealed, opened by the store before decoding), so a v1 event reads as it is.
 */
const leadReceivedV1toV2: Upcaster = (data) => data;

/** Upcasters per event type; entry n lifts version n to n + 1. */
const upcasters: Readonly<Record<CustomerEventType, ReadonlyArray<Upcaster>>> = {
  LeadReceived: [leadReceivedV0toV1, leadReceivedV1toV2],
  CustomerMerged: [],
  CustomerMergedInto: [],
  FollowUpScheduled: [],
  FollowUpCompleted: [],
  FollowUpOverdue: [],
  ContactPreferenceChanged: [],
  FollowUpAssigned: [],
  FollowUpAtRisk: [],
  PersonalDataErased: [],
};

const isEventType = (type: string): type is CustomerEventType => Object.hasOwn(currentSchemaVersion, type);

/** Lifts stored event data of any known version to the latest schema (not yet validated). */
export const upcast = (
  type: string,
  schemaVersion: number,
  data: unknown,
): E.Either<UpcastError, { type: CustomerEventType; schemaVersion: number; data: unknown }> => {
  if (!isEventType(type)) return E.left({ type: 'UnknownEventType', eventType: type });
  const latest = currentSchemaVersion[type];
  const chain = upcasters[type];
  const first = latest - chain.length;
  if (!Number.isInteger(schemaVersion) || schemaVersion < first || schemaVersion > latest) {
    return E.left({ type: 'UnsupportedSchemaVersion', eventType: type, schemaVersion });
  }
  if (!isRecord(data)) {
    return E.left({
      type: 'MalformedEvent',
      eventType: type,
      schemaVersion,
      message: 'data is not an object',
    });
  }
  const lifted = chain.slice(schemaVersion - first).reduce((acc, step) => step(acc), data);
  return E.right({ type, schemaVersion: latest, data: lifted });
};

const describeErrors = (errors: t.Errors): string =>
  errors
    .map(
      (e) =>
        `${e.context
          .map((c) => c.key)
          .filter((k) => k !== '')
          .join('.')}: ${JSON.stringify(e.value)}`,
    )
    .join('; ');

/**
 * Stored data whose sealed part was not opened (no key: the customer was erased, or the reader has
 * no keys): its personal fields read as their fixed placeholders, never as an error.
 */
const unsealed = (type: string, data: unknown): unknown =>
  isRecord(data) && Object.hasOwn(data, SEALED_FIELD) ? withoutPersonalData(type, data) : data;

/**
 * Reads a stored event: upcasts its data to the latest version, then validates it. Personal fields
 * still sealed (see `unsealed`) read as placeholders.
 */
export const decodeStoredEvent = (stored: {
  type: string;
  data: unknown;
  metadata: Partial<EventMetadata> & Record<string, unknown>;
}): E.Either<UpcastError, CustomerEvent> => {
  const schemaVersion = typeof stored.metadata.schemaVersion === 'number' ? stored.metadata.schemaVersion : 0;
  return pipe(
    upcast(stored.type, schemaVersion, unsealed(stored.type, stored.data)),
    E.chain((lifted) =>
      pipe(
        CustomerEvent.decode({
          type: lifted.type,
          data: lifted.data,
          metadata: { ...stored.metadata, schemaVersion: lifted.schemaVersion },
        }),
        E.mapLeft((errors): UpcastError => ({
          type: 'MalformedEvent',
          eventType: stored.type,
          schemaVersion,
          message: describeErrors(errors),
        })),
      ),
    ),
  );
};
