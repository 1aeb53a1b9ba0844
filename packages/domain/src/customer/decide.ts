import {
  currentSchemaVersion,
  type CausalMetadata,
  type CustomerEvent,
  type CustomerMergedData,
  type EventMetadata,
  type LeadReceivedData,
} from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import type { CustomerCommand, DomainError, LeadToReceive } from './command';
import { openTaskOfKind, toSnapshot, type CustomerState } from './state';

type Result = E.Either<DomainError, ReadonlyArray<CustomerEvent>>;
type Cmd<T extends CustomerCommand['type']> = Extract<CustomerCommand, { type: T }>;

const none: Result = E.right([]);

/**
 * `{ ...metadata, schemaVersion }`, built as one literal when the metadata is the plain pair (the
 * common case): a spread that adds a key is slow in V8. Anything else is spread as before.
 */
const withSchemaVersion = (metadata: CausalMetadata, schemaVersion: number): EventMetadata => {
  const keys = Object.keys(metadata);
  if (
    keys.length === 2 &&
    keys[0] === 'correlationId' &&
    keys[1] === 'causationId' &&
    Object.getOwnPropertySymbols(metadata).length === 0
  ) {
    return { correlationId: metadata.correlationId, causationId: metadata.causationId, schemaVersion };
  }
  return { ...metadata, schemaVersion };
};

/** Wraps event data with its type, current schema version and the command's causal metadata. */
const emit = <T extends CustomerEvent['type']>(
  type: T,
  data: Extract<CustomerEvent, { type: T }>['data'],
  metadata: CausalMetadata,
): Result =>
  E.right([
    { type, data, metadata: withSchemaVersion(metadata, currentSchemaVersion[type]) } as CustomerEvent,
  ]);

const leadReceivedData = (input: LeadToReceive): LeadReceivedData => ({
  leadId: input.leadId,
  customerId: input.customerId,
  receivedAt: input.receivedAt,
  source: input.lead.source,
  action: input.lead.action,
  offer: input.lead.offer,
  description: input.lead.description,
  customer: { original: input.lead.customer, normalised: input.normalised },
  contentHash: input.contentHash,
  producer: {
    format: input.lead.format,
    name: input.lead.producer,
    producerLeadId: input.lead.producerLeadId,
    idempotencyKey: input.idempotencyKey,
    occurredAt: input.lead.occurredAt,
  },
  matchedBy: input.matchedBy,
  isTest: input.lead.isTest,
  unrecognized: input.lead.unrecognized,
});

const receiveLead = ({ data, metadata }: Cmd<'ReceiveLead'>, state: CustomerState): Result => {
  if (state.status === 'active' && state.customerId !== data.customerId) {
    return E.left({ type: 'CustomerIdMismatch', expected: state.customerId, actual: data.customerId });
  }
  if (state.leadIds.includes(data.leadId)) return none;
  return emit('LeadReceived', leadReceivedData(data), metadata);
};

/** Open tasks of the merged customer that duplicate an open task of the same kind on the survivor. */
const supersededTasks = (
  survivor: CustomerState,
  merged: CustomerState,
): CustomerMergedData['supersededTasks'] =>
  merged.tasks.flatMap((task) => {
    const own = task.status === 'open' ? openTaskOfKind(survivor, task.kind) : undefined;
    return own === undefined ? [] : [{ taskId: task.taskId, supersededBy: own.taskId }];
  });

const absorbCustomer = ({ data, metadata }: Cmd<'AbsorbCustomer'>, state: CustomerState): Result => {
  const merged = data.merged;
  if (state.status !== 'active') return E.left({ type: 'CustomerNotFound' });
  if (state.customerId !== data.customerId) {
    return E.left({ type: 'CustomerIdMismatch', expected: state.customerId, actual: data.customerId });
  }
  if (state.aliases.includes(merged.customerId)) return none;
  if (merged.status !== 'active' || merged.customerId === state.customerId) {
    return E.left({
      type: 'CannotMergeCustomer',
      reason: `customer ${merged.customerId} is ${merged.status}`,
    });
  }
  return emit(
    'CustomerMerged',
    {
      customerId: state.customerId,
      mergedCustomerId: merged.customerId,
      rule: data.rule,
      leadId: data.leadId,
      mergedAt: data.mergedAt,
      absorbed: toSnapshot(merged),
      supersededTasks: supersededTasks(state, merged),
    },
    metadata,
  );
};

const markMergedInto = ({ data, metadata }: Cmd<'MarkMergedInto'>, state: CustomerState): Result => {
  if (state.status === 'merged') {
    return state.mergedInto === data.survivorId
      ? none
      : E.left({
          type: 'CustomerWasMerged',
          customerId: state.customerId,
          survivorId: state.mergedInto ?? '',
        });
  }
  if (state.status === 'empty') return E.left({ type: 'CustomerNotFound' });
  return emit('CustomerMergedInto', { ...data, customerId: state.customerId }, metadata);
};

const scheduleFollowUp = ({ data, metadata }: Cmd<'ScheduleFollowUp'>, state: CustomerState): Result =>
  state.tasks.some((t) => t.taskId === data.taskId)
    ? none
    : emit('FollowUpScheduled', { ...data, customerId: state.customerId }, metadata);

const completeFollowUp = ({ data, metadata }: Cmd<'CompleteFollowUp'>, state: CustomerState): Result => {
  const task = state.tasks.find((t) => t.taskId === data.taskId);
  if (task === undefined) return E.left({ type: 'TaskNotFound', taskId: data.taskId });
  if (task.status === 'completed') {
    return task.outcome === data.outcome
      ? none
      : E.left({ type: 'TaskAlreadyCompleted', taskId: task.taskId, outcome: task.outcome });
  }
  if (task.status !== 'open')
    return E.left({ type: 'TaskNotOpen', taskId: task.taskId, status: task.status });
  return emit('FollowUpCompleted', { ...data, customerId: state.customerId }, metadata);
};

const markOverdue = ({ data, metadata }: Cmd<'MarkFollowUpOverdue'>, state: CustomerState): Result => {
  const task = state.tasks.find((t) => t.taskId === data.taskId);
  if (task === undefined) return E.left({ type: 'TaskNotFound', taskId: data.taskId });
  if (task.status !== 'open' || task.overdue || task.dueAt >= data.now) return none;
  const base = { taskId: task.taskId, customerId: state.customerId, dueAt: task.dueAt, detectedAt: data.now };
  return emit(
    'FollowUpOverdue',
    data.escalateTo === undefined ? base : { ...base, escalatedTo: data.escalateTo },
    metadata,
  );
};

const markAtRisk = ({ data, metadata }: Cmd<'MarkFollowUpAtRisk'>, state: CustomerState): Result => {
  const task = state.tasks.find((t) => t.taskId === data.taskId);
  if (task === undefined) return E.left({ type: 'TaskNotFound', taskId: data.taskId });
  if (task.status !== 'open' || task.atRisk === true || data.atRiskAt > data.now) return none;
  return emit(
    'FollowUpAtRisk',
    {
      taskId: task.taskId,
      customerId: state.customerId,
      assignee: task.assignee ?? null,
      dueAt: task.dueAt,
      atRiskAt: data.atRiskAt,
      detectedAt: data.now,
    },
    metadata,
  );
};

/** Assigns an open task; assigning it to the rep that holds it already changes nothing. */
const assignFollowUp = ({ data, metadata }: Cmd<'AssignFollowUp'>, state: CustomerState): Result => {
  const task = state.tasks.find((t) => t.taskId === data.taskId);
  if (task === undefined) return E.left({ type: 'TaskNotFound', taskId: data.taskId });
  if (task.status !== 'open')
    return E.left({ type: 'TaskNotOpen', taskId: task.taskId, status: task.status });
  if ((task.assignee ?? null) === data.assignee) return none;
  return emit(
    'FollowUpAssigned',
    {
      taskId: task.taskId,
      customerId: state.customerId,
      assignee: data.assignee,
      previousAssignee: task.assignee ?? null,
      rule: data.rule,
      candidates: data.candidates,
      reason: data.reason,
      assignedAt: data.assignedAt,
    },
    metadata,
  );
};

const changeContactPreference = (
  { data, metadata }: Cmd<'ChangeContactPreference'>,
  state: CustomerState,
): Result =>
  state.optedOut === data.optedOut
    ? none
    : emit('ContactPreferenceChanged', { ...data, customerId: state.customerId }, metadata);

/**
 * Decider `decide`: the events a command produces on this customer's stream, or why it cannot.
 * Commands that were already applied (redelivery) produce no events.
 */
export const decide = (command: CustomerCommand, state: CustomerState): Result => {
  if (state.status === 'merged' && command.type !== 'MarkMergedInto') {
    return E.left({
      type: 'CustomerWasMerged',
      customerId: state.customerId,
      survivorId: state.mergedInto ?? '',
    });
  }
  if (state.status === 'empty' && command.type !== 'ReceiveLead') return E.left({ type: 'CustomerNotFound' });
  switch (command.type) {
    case 'ReceiveLead':
      return receiveLead(command, state);
    case 'AbsorbCustomer':
      return absorbCustomer(command, state);
    case 'MarkMergedInto':
      return markMergedInto(command, state);
    case 'ScheduleFollowUp':
      return scheduleFollowUp(command, state);
    case 'CompleteFollowUp':
      return completeFollowUp(command, state);
    case 'MarkFollowUpOverdue':
      return markOverdue(command, state);
    case 'ChangeContactPreference':
      return changeContactPreference(command, state);
    case 'MarkFollowUpAtRisk':
      return markAtRisk(command, state);
    case 'AssignFollowUp':
      return assignFollowUp(command, state);
  }
};
