import * as t from 'io-ts';
import { eventCodec } from './metadata';

const nullableString = t.union([t.string, t.null]);

export const ContactPreferenceChangedData = t.type({
  customerId: t.string,
  optedOut: t.boolean,
  reason: nullableString,
  by: nullableString,
  changedAt: t.string,
});
export type ContactPreferenceChangedData = t.TypeOf<typeof ContactPreferenceChangedData>;

/** The customer opted out of (or back into) contact; opted out suppresses every task. */
export const ContactPreferenceChanged = eventCodec('ContactPreferenceChanged', ContactPreferenceChangedData);
export type ContactPreferenceChanged = t.TypeOf<typeof ContactPreferenceChanged>;
