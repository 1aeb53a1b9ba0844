import * as t from 'io-ts';
import { ContactPreferenceChanged } from './contactPreference';
import { CustomerMerged, CustomerMergedInto } from './customerMerged';
import {
  FollowUpAssigned,
  FollowUpAtRisk,
  FollowUpCompleted,
  FollowUpOverdue,
  FollowUpScheduled,
} from './followUp';
import { LeadReceived } from './leadReceived';
import { PersonalDataErased } from './personalData';

/** Every event of a `customer-<customerId>` stream, at its latest schema version. */
export const CustomerEvent = t.union([
  LeadReceived,
  CustomerMerged,
  CustomerMergedInto,
  FollowUpScheduled,
  FollowUpCompleted,
  FollowUpOverdue,
  ContactPreferenceChanged,
  FollowUpAssigned,
  FollowUpAtRisk,
  PersonalDataErased,
]);
export type CustomerEvent = t.TypeOf<typeof CustomerEvent>;
export type CustomerEventType = CustomerEvent['type'];

/** The schema version each event type is written with today. */
export const currentSchemaVersion: Readonly<Record<CustomerEventType, number>> = {
  // v2: personal fields may be stored sealed (encrypted with the customer's key) beside their placeholders.
  LeadReceived: 2,
  CustomerMerged: 1,
  CustomerMergedInto: 1,
  FollowUpScheduled: 1,
  FollowUpCompleted: 1,
  FollowUpOverdue: 1,
  ContactPreferenceChanged: 1,
  FollowUpAssigned: 1,
  FollowUpAtRisk: 1,
  PersonalDataErased: 1,
};

/** Stream name of a customer. */
export const customerStreamName = (customerId: string): string => `customer-${customerId}`;
