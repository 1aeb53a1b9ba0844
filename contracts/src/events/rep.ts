import * as t from 'io-ts';
import { eventCodec } from './metadata';

const nullableString = t.union([t.string, t.null]);

/** Where a rep sells: ISO-2 countries and `publisher.offer` keys; both empty: the default pool. */
export const RepTerritories = t.type({
  countries: t.readonlyArray(t.string),
  offers: t.readonlyArray(t.string),
});
export type RepTerritories = t.TypeOf<typeof RepTerritories>;

/** Everything a rep is configured with (the body of POST /v1/reps, less the id). */
export const RepProfile = t.type({
  name: t.string,
  email: nullableString,
  /** The rep id of the manager overdue tasks escalate to, else null. */
  manager: nullableString,
  territories: RepTerritories,
  /** Most open tasks the rep holds at once; null: no limit. */
  capacity: t.union([t.number, t.null]),
  active: t.boolean,
});
export type RepProfile = t.TypeOf<typeof RepProfile>;

export const RepRegisteredData = t.intersection([
  t.type({ repId: t.string, registeredAt: t.string }),
  RepProfile,
]);
export type RepRegisteredData = t.TypeOf<typeof RepRegisteredData>;
/** A sales rep was registered (the first event of its `rep-<id>` stream). */
export const RepRegistered = eventCodec('RepRegistered', RepRegisteredData);
export type RepRegistered = t.TypeOf<typeof RepRegistered>;

export const RepUpdatedData = t.type({
  repId: t.string,
  /** The fields that changed, with their new values. */
  changes: t.partial(RepProfile.props),
  updatedAt: t.string,
});
export type RepUpdatedData = t.TypeOf<typeof RepUpdatedData>;
/** Some of a rep's fields changed (deactivation included). */
export const RepUpdated = eventCodec('RepUpdated', RepUpdatedData);
export type RepUpdated = t.TypeOf<typeof RepUpdated>;

/** Every event of a `rep-<repId>` stream, at its latest schema version. */
export const RepEvent = t.union([RepRegistered, RepUpdated]);
export type RepEvent = t.TypeOf<typeof RepEvent>;
export type RepEventType = RepEvent['type'];

/** The schema version each rep event type is written with today. */
export const currentRepSchemaVersion: Readonly<Record<RepEventType, number>> = {
  RepRegistered: 1,
  RepUpdated: 1,
};

/** Stream name of a rep. */
export const repStreamName = (repId: string): string => `rep-${repId}`;
