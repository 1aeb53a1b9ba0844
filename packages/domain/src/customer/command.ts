import type {
  AssignmentRule,
  CausalMetadata,
  IncomingLead,
  MatchRule,
  NormalisedCustomer,
  TaskContextEntry,
  TaskKind,
  TaskOutcome,
  TaskTrigger,
  NurtureStep,
} from '@leadflow/contracts';
import type { CustomerState } from './state';

/** A task the follow-up policy asks for (the payload of ScheduleFollowUp). */
export type TaskToSchedule = {
  readonly taskId: string;
  readonly kind: TaskKind;
  readonly trigger: TaskTrigger;
  readonly scheduledAt: string;
  readonly dueAt: string;
  readonly context: ReadonlyArray<TaskContextEntry>;
  readonly nurture: NurtureStep | null;
};

/** Everything the write path knows of an accepted lead when it appends it. */
export type LeadToReceive = {
  readonly leadId: string;
  readonly customerId: string;
  readonly receivedAt: string;
  readonly lead: IncomingLead;
  readonly normalised: NormalisedCustomer;
  readonly contentHash: string;
  readonly idempotencyKey: string | null;
  readonly matchedBy: MatchRule | null;
};

/** Commands on one customer stream. Each carries the causal metadata its events inherit. */
export type CustomerCommand = { readonly metadata: CausalMetadata } & (
  | { readonly type: 'ReceiveLead'; readonly data: LeadToReceive }
  | {
      readonly type: 'AbsorbCustomer';
      readonly data: {
        readonly customerId: string;
        readonly merged: CustomerState;
        readonly rule: MatchRule;
        readonly leadId: string;
        readonly mergedAt: string;
      };
    }
  | {
      readonly type: 'MarkMergedInto';
      readonly data: {
        readonly customerId: string;
        readonly survivorId: string;
        readonly rule: MatchRule;
        readonly leadId: string;
        readonly mergedAt: string;
      };
    }
  | { readonly type: 'ScheduleFollowUp'; readonly data: TaskToSchedule }
  | {
      readonly type: 'CompleteFollowUp';
      readonly data: {
        readonly taskId: string;
        readonly outcome: TaskOutcome;
        readonly note: string | null;
        readonly by: string | null;
        readonly completedAt: string;
      };
    }
  | {
      readonly type: 'MarkFollowUpOverdue';
      readonly data: {
        readonly taskId: string;
        readonly now: string;
        /** The manager the escalation goes to (routing); absent: none recorded. */
        readonly escalateTo?: string | null;
      };
    }
  | {
      readonly type: 'MarkFollowUpAtRisk';
      readonly data: { readonly taskId: string; readonly now: string; readonly atRiskAt: string };
    }
  | {
      readonly type: 'AssignFollowUp';
      readonly data: {
        readonly taskId: string;
        readonly assignee: string;
        readonly rule: AssignmentRule;
        readonly candidates: ReadonlyArray<string>;
        readonly reason: string | null;
        readonly assignedAt: string;
      };
    }
  | {
      readonly type: 'ChangeContactPreference';
      readonly data: {
        readonly optedOut: boolean;
        readonly reason: string | null;
        readonly by: string | null;
        readonly changedAt: string;
      };
    }
);

/** Expected failures of a command (fp-ts Left); exceptions are kept for bugs. */
export type DomainError =
  | { readonly type: 'CustomerNotFound' }
  | { readonly type: 'CustomerWasMerged'; readonly customerId: string; readonly survivorId: string }
  | { readonly type: 'CustomerIdMismatch'; readonly expected: string; readonly actual: string }
  | { readonly type: 'CannotMergeCustomer'; readonly reason: string }
  | { readonly type: 'TaskNotFound'; readonly taskId: string }
  | { readonly type: 'TaskAlreadyCompleted'; readonly taskId: string; readonly outcome: TaskOutcome | null }
  | { readonly type: 'TaskNotOpen'; readonly taskId: string; readonly status: string };
