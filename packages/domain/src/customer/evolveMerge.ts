import type { CustomerMergedData, CustomerSnapshot, StageChange } from '@leadflow/contracts';
import { highestMarketplaceStage, mergeSalesStages } from '../funnel/stage';
import { mergeSummaries } from '../identity/identitySummary';
import { withStages } from './stageChange';
import type { CustomerState, Task } from './state';

const earliest = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a <= b ? a : b;
const latest = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a >= b ? a : b;

const byTime = (a: StageChange, b: StageChange): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** The absorbed customer's tasks: superseded ones closed, their context folded into the survivor's task. */
const mergeTasks = (
  own: ReadonlyArray<Task>,
  absorbed: CustomerSnapshot,
  superseded: CustomerMergedData['supersededTasks'],
): ReadonlyArray<Task> => {
  const known = new Set(own.map((t) => t.taskId));
  const incoming = absorbed.tasks.filter((t) => !known.has(t.taskId));
  const supersededBy = new Map(superseded.map((s) => [s.taskId, s.supersededBy]));
  const carried = incoming.map((t): Task =>
    supersededBy.has(t.taskId) ? { ...t, status: 'superseded' } : t,
  );
  const withContext = own.map((t): Task => {
    const extra = incoming
      .filter((i) => supersededBy.get(i.taskId) === t.taskId)
      .flatMap((i) => i.context)
      .filter((c) => !t.context.some((x) => x.leadId === c.leadId));
    return extra.length === 0 ? t : { ...t, context: [...t.context, ...extra] };
  });
  return [...withContext, ...carried];
};

/** Applies CustomerMerged: the survivor takes over identity, leads, history, tasks and flags of the merged customer. */
export const evolveCustomerMerged = (state: CustomerState, data: CustomerMergedData): CustomerState => {
  const other = data.absorbed;
  const absorbed: CustomerState = {
    ...state,
    aliases: [
      ...state.aliases,
      data.mergedCustomerId,
      ...other.aliases.filter((a) => !state.aliases.includes(a)),
    ],
    identity: mergeSummaries(state.identity, other.identity),
    leadIds: [...state.leadIds, ...other.leadIds.filter((id) => !state.leadIds.includes(id))],
    realLeadCount: state.realLeadCount + other.realLeadCount,
    testLeadCount: state.testLeadCount + other.testLeadCount,
    unrecognizedLeadCount: state.unrecognizedLeadCount + other.unrecognizedLeadCount,
    // An opt-out given under either identity is respected.
    optedOut: state.optedOut || other.optedOut,
    stageHistory: [...state.stageHistory, ...other.stageHistory].sort(byTime),
    tasks: mergeTasks(state.tasks, other, data.supersededTasks),
    firstActionableLeadAt: earliest(state.firstActionableLeadAt, other.firstActionableLeadAt),
    firstContactAt: earliest(state.firstContactAt, other.firstContactAt),
    lastActivityAt: latest(state.lastActivityAt, other.lastActivityAt),
  };
  return withStages(
    absorbed,
    highestMarketplaceStage(state.marketplaceStage, other.marketplaceStage),
    mergeSalesStages(state.salesStage, other.salesStage),
    data.mergedAt,
    `merge:${data.mergedCustomerId}`,
  );
};
