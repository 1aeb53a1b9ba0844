import * as t from 'io-ts';
import { ContactPreferenceChangedData } from '../events/contactPreference';
import { currentSchemaVersion, type CustomerEventType } from '../events/customerEvent';
import { CustomerMergedData, CustomerMergedIntoData } from '../events/customerMerged';
import {
  FollowUpAssignedData,
  FollowUpAtRiskData,
  FollowUpCompletedData,
  FollowUpOverdueData,
  FollowUpScheduledData,
} from '../events/followUp';
import { LeadReceivedData } from '../events/leadReceived';
import { PersonalDataErasedData } from '../events/personalData';
import { CloudEventOf } from './cloudEvent';

/** The CloudEvent `source` of `leads.lifecycle` messages: stored events, published as stored. */
export const LIFECYCLE_SOURCE = '/leadflow/eventstore';

/** The CloudEvent `source` of `leads.followups` messages. */
export const FOLLOWUPS_SOURCE = '/leadflow/followups';

/** The CloudEvent `type` of a stored event: `leadflow.customer.<EventType>.v<schemaVersion>`. */
export const lifecycleType = (eventType: string, schemaVersion: number): string =>
  `leadflow.customer.${eventType}.v${schemaVersion}`;

/** The data codec of each stored event type at its current schema version. */
export const eventDataCodecs: { readonly [K in CustomerEventType]: t.Mixed } = {
  LeadReceived: LeadReceivedData,
  CustomerMerged: CustomerMergedData,
  CustomerMergedInto: CustomerMergedIntoData,
  FollowUpScheduled: FollowUpScheduledData,
  FollowUpCompleted: FollowUpCompletedData,
  FollowUpOverdue: FollowUpOverdueData,
  ContactPreferenceChanged: ContactPreferenceChangedData,
  FollowUpAssigned: FollowUpAssignedData,
  FollowUpAtRisk: FollowUpAtRiskData,
  PersonalDataErased: PersonalDataErasedData,
};

/** The `leads.lifecycle` message of one event type at its current schema version. */
export const lifecycleMessageCodec = (eventType: CustomerEventType) =>
  CloudEventOf(
    lifecycleType(eventType, currentSchemaVersion[eventType]),
    LIFECYCLE_SOURCE,
    eventDataCodecs[eventType],
  );

/** The `leads.followups` message type of each task event (the message data is the event's data). */
export const FollowUpMessageTypes = {
  FollowUpScheduled: 'leadflow.followup.task-scheduled.v1',
  FollowUpCompleted: 'leadflow.followup.task-completed.v1',
  FollowUpOverdue: 'leadflow.followup.task-overdue.v1',
  FollowUpAssigned: 'leadflow.followup.task-assigned.v1',
  FollowUpAtRisk: 'leadflow.followup.task-at-risk.v1',
} as const satisfies Partial<Record<CustomerEventType, string>>;
export type FollowUpMessageEventType = keyof typeof FollowUpMessageTypes;

/** What every task message adds to its event's data: the rep the task is assigned to when it was sent. */
export const TaskAssigneeField = t.type({ assignee: t.union([t.string, t.null]) });

/** The `leads.followups` message of one task event type: the event's data plus the current assignee. */
export const followUpMessageCodec = (eventType: FollowUpMessageEventType) =>
  CloudEventOf(
    FollowUpMessageTypes[eventType],
    FOLLOWUPS_SOURCE,
    t.intersection([eventDataCodecs[eventType], TaskAssigneeField]),
  );

/** An overdue task escalated to its assignee's manager (sent once, with the FollowUpOverdue). */
export const TASK_ESCALATED_TYPE = 'leadflow.followup.task-escalated.v1';

export const TaskEscalatedData = t.type({
  taskId: t.string,
  customerId: t.string,
  assignee: t.union([t.string, t.null]),
  /** The rep id of the assignee's manager; null when the task has no assignee or it no manager. */
  manager: t.union([t.string, t.null]),
  dueAt: t.string,
  detectedAt: t.string,
});
export type TaskEscalatedData = t.TypeOf<typeof TaskEscalatedData>;

export const TaskEscalatedMessage = CloudEventOf(TASK_ESCALATED_TYPE, FOLLOWUPS_SOURCE, TaskEscalatedData);

/** The ops message of a DNC lead: a referral was noted, no task is opened. */
export const REFERRAL_NOTED_TYPE = 'leadflow.followup.referral-noted.v1';

export const ReferralNotedData = t.type({ customerId: t.string, leadId: t.string });
export type ReferralNotedData = t.TypeOf<typeof ReferralNotedData>;

export const ReferralNotedMessage = CloudEventOf(REFERRAL_NOTED_TYPE, FOLLOWUPS_SOURCE, ReferralNotedData);
