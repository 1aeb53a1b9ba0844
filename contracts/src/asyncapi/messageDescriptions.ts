import type { CustomerEventType } from '../events/customerEvent';
import type { FollowUpMessageEventType } from '../envelope/messages';

/** What each message of the AsyncAPI document means to a consumer, in a sentence or two. */
export const messageDescriptions: {
  readonly rawLead: string;
  readonly rejectedRawLead: string;
  readonly lifecycle: Readonly<Record<CustomerEventType, string>>;
  readonly deadLettered: string;
  readonly followUp: Readonly<Record<FollowUpMessageEventType, string>>;
  readonly taskEscalated: string;
  readonly referralNoted: string;
} = {
  rawLead:
    'One lead in the canonical raw lead form (the marketplace webhook body is accepted too, as on POST /v1/leads). ' +
    'Its id is the idempotency key unless the idempotency-key header gives one; a redelivery is recognised.',
  rejectedRawLead:
    'A lead the write path rejected (too large, not JSON, invalid): key, value and headers as read, plus why. ' +
    'The same rejection is listed by GET /v1/review/rejected under its rejection id.',
  lifecycle: {
    LeadReceived:
      'A lead was accepted and appended to its customer’s stream. No personal data: names, email, phone, ' +
      'company, title and description are null here (read them from the API with a token of scope privacy).',
    CustomerMerged:
      'On the survivor’s stream: another customer was merged into it, with everything it takes over.',
    CustomerMergedInto:
      'On the merged customer’s stream, its last event: reads by its id resolve to the survivor.',
    FollowUpScheduled: 'A follow-up task was opened.',
    FollowUpCompleted: 'A follow-up task was completed with an outcome.',
    FollowUpOverdue: 'An open task passed its due time (raised once per task).',
    ContactPreferenceChanged: 'The customer opted out of (or back into) contact.',
    FollowUpAssigned:
      'A task was assigned or reassigned to a sales rep, with the rule that chose and the reps it considered.',
    FollowUpAtRisk: 'An open task used up the configured fraction of its time to due (raised once per task).',
    PersonalDataErased:
      'The customer’s personal data was erased on request or by retention: its keys are destroyed, and every ' +
      'copy of it a consumer keeps must go too. Carries ids only.',
  },
  deadLettered:
    'A lifecycle message the follow-up consumer failed to handle within its retries, with the last error. ' +
    'Handlers are idempotent: it can be written back to leads.lifecycle once the cause is fixed.',
  followUp: {
    FollowUpScheduled:
      'A task for sales or the email integration: its kind, due time and the leads that asked for it.',
    FollowUpCompleted: 'A task was completed; tasks are completed through POST /v1/tasks/{id}/complete.',
    FollowUpOverdue: 'A task passed its due time without being completed: the escalation.',
    FollowUpAssigned:
      'A task was assigned to a sales rep (sticky owner, territory round robin, default pool or by hand).',
    FollowUpAtRisk:
      'A task is at risk of missing its due time: the configured fraction of its time to due has passed.',
  },
  taskEscalated: 'An overdue task, escalated to the manager of the rep it is assigned to.',
  referralNoted: 'A DNC (referral) lead arrived: noted for operations, no task is opened.',
};
