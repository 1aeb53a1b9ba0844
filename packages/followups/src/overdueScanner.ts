import { atRiskDecisions, atRiskTimeOf, overdueDecisions, type CustomerCommand } from '@leadflow/domain';
import type { Logger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { decideAll, toStoredEvents, updateCustomer } from './customerStreams';
import { customerIdOfStream } from './lifecycleMessage';
import type { FollowUpDeps } from './lifecycleHandler';
import { assignWaitingTasks, followUpEventIdOf } from './routing/assignTasks';

/** A running overdue scanner. */
export interface OverdueScanner {
  /** One scan now (the timer calls it too); resolves with the number of tasks escalated. */
  scanOnce(): Promise<number>;
  stop(): Promise<void>;
}

type Watched = { customerId: string; dueAt: string; atRiskAt: string; atRisk: boolean };

const TASK_EVENTS = ['FollowUpScheduled', 'FollowUpCompleted', 'FollowUpOverdue', 'FollowUpAtRisk'];

/** The at-risk fraction the deps configure, else the product's default. */
export const DEFAULT_AT_RISK_FRACTION = 0.75;

/**
 * Appends one FollowUpAtRisk per open task whose at-risk time came and one FollowUpOverdue per open task
 * past due on the customer (ids from the task: idempotent); an overdue task names its assignee's manager.
 * Resolves with the number of tasks made overdue.
 */
export const escalateOverdue = async (
  deps: FollowUpDeps,
  customerId: string,
  now: string,
): Promise<number> => {
  const result = await updateCustomer<number>(
    deps.store,
    customerId,
    async ({ state }) => {
      const metadata = { correlationId: `overdue-scan:${now}`, causationId: `overdue-scan:${now}` };
      const fraction = deps.atRiskFraction ?? DEFAULT_AT_RISK_FRACTION;
      const atRisk = atRiskDecisions(state, now, fraction).flatMap((d): CustomerCommand[] =>
        d.type === 'at-risk'
          ? [{ type: 'MarkFollowUpAtRisk', data: { taskId: d.taskId, now, atRiskAt: d.atRiskAt }, metadata }]
          : [],
      );
      const overdue: CustomerCommand[] = [];
      for (const d of overdueDecisions(state, now)) {
        if (d.type !== 'overdue') continue;
        const assignee = state.tasks.find((t) => t.taskId === d.taskId)?.assignee ?? null;
        const manager =
          deps.router === undefined || assignee === null
            ? null
            : ((await deps.router.rep(assignee))?.manager ?? null);
        const data =
          deps.router === undefined
            ? { taskId: d.taskId, now }
            : { taskId: d.taskId, now, escalateTo: manager };
        overdue.push({ type: 'MarkFollowUpOverdue', data, metadata });
      }
      const decided = decideAll(state, [...atRisk, ...overdue]);
      if (E.isLeft(decided)) throw new Error(`overdue refused: ${decided.left.type}`);
      const events = toStoredEvents(decided.right.events, followUpEventIdOf);
      return E.right({ events, value: events.filter((e) => e.type === 'FollowUpOverdue').length });
    },
    { followMerges: true },
  );
  return result.value;
};

/**
 * The timer-driven overdue scanner: watches open tasks through a filtered store subscription (an
 * in-memory index rebuilt at start) and escalates those past due. Safe with several instances: the
 * event ids derive from the task, so a second scanner's append is a no-op or re-decides nothing.
 */
export const startOverdueScanner = (
  deps: FollowUpDeps,
  logger: Logger,
  options: { intervalMs: number },
): OverdueScanner => {
  const open = new Map<string, Watched>();
  const abort = new AbortController();
  let scanning: Promise<number> | null = null;

  const watch = async () => {
    let position: bigint | 'start' = 'start';
    for (let failures = 0; !abort.signal.aborted;) {
      const subscription = deps.store.subscribeToAll({
        fromPosition: position,
        filter: { eventTypes: TASK_EVENTS, streamPrefixes: ['customer-'] },
        signal: abort.signal,
      });
      try {
        for await (const recorded of subscription) {
          position = recorded.globalPosition;
          failures = 0;
          const taskId = String(recorded.data['taskId'] ?? '');
          const customerId = customerIdOfStream(recorded.streamName);
          if (recorded.type === 'FollowUpScheduled' && customerId !== null) {
            const dueAt = String(recorded.data['dueAt'] ?? '');
            const scheduledAt = String(recorded.data['scheduledAt'] ?? dueAt);
            const fraction = deps.atRiskFraction ?? DEFAULT_AT_RISK_FRACTION;
            const atRiskAt = atRiskTimeOf({ scheduledAt, dueAt }, fraction);
            open.set(taskId, { customerId, dueAt, atRiskAt, atRisk: false });
          } else if (recorded.type === 'FollowUpAtRisk') {
            const watched = open.get(taskId);
            if (watched !== undefined) watched.atRisk = true;
          } else open.delete(taskId);
        }
      } catch (err) {
        failures += 1;
        logger.warn({ err, failures }, 'overdue scanner subscription failed; resubscribing');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))),
        );
      } finally {
        await subscription.close();
      }
    }
  };

  const scan = async (): Promise<number> => {
    const now = deps.now().toISOString();
    const due = [...open.entries()].filter(([, w]) => w.dueAt < now || (!w.atRisk && w.atRiskAt <= now));
    const customers = new Set(due.map(([, w]) => w.customerId));
    let escalated = 0;
    for (const customerId of customers) {
      try {
        escalated += await escalateOverdue(deps, customerId, now);
        for (const [taskId, w] of due)
          if (w.customerId === customerId) {
            if (w.dueAt < now) open.delete(taskId);
            else w.atRisk = true;
          }
      } catch (err) {
        logger.warn({ err }, 'overdue escalation failed; the next scan retries');
      }
    }
    // Tasks nobody could take are tried again on every scan (a rep may have been added or freed up).
    if (deps.router !== undefined)
      await assignWaitingTasks({ store: deps.store, router: deps.router, now: deps.now }).catch(
        (err: unknown) => logger.warn({ err }, 'assigning waiting tasks failed; the next scan retries'),
      );
    return escalated;
  };

  const scanOnce = async (): Promise<number> => {
    if (scanning === null) scanning = scan().finally(() => (scanning = null));
    return scanning;
  };

  const watching = watch();
  const timer = setInterval(() => void scanOnce(), options.intervalMs);
  return {
    scanOnce,
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await watching;
      await scanning;
    },
  };
};
