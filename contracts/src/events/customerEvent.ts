import * as t from 'io-ts';
import { ContactPreferenceChanged } from './contactPreference';
import { CustomerMerged, CustomerMergedInto } from './customerMerged';
import { FollowUpCompleted, FollowUpOverdue, FollowUpScheduled } from './followUp';
import { LeadReceived } from './leadReceived';

/** Every event of a `customer-<customerId>` stream, at its latest schema version. */
export const CustomerEvent = t.union([
  LeadReceived,
  CustomerMerged,
  CustomerMergedInto,
  FollowUpScheduled,
  FollowUpCompleted,
  FollowUpOverdue,
  ContactPreferenceChanged,
]);
export type CustomerEvent = t.TypeOf<typeof CustomerEvent>;
export type CustomerEventType = CustomerEvent['type'];

/** The schema version each event type is written with today. */
export const currentSchemaVersion: Readonly<Record<CustomerEventType, number>> = {
  LeadReceived: 1,
  CustomerMerged: 1,
  CustomerMergedInto: 1,
  FollowUpScheduled: 1,
  FollowUpCompleted: 1,
  FollowUpOverdue: 1,
  ContactPreferenceChanged: 1,
};

/** Stream name of a customer. */
export const customerStreamName = (customerId: string): string => `customer-${customerId}`;
