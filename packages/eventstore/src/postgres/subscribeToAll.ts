import type { EventSubscription, SubscribeToAllOptions } from '../port';
import { catchUpSubscription } from '../subscription/catchUpSubscription';
import type { ChangeNotifier } from '../subscription/changeNotifier';
import { readAll } from './readAll';
import type { SqlExecutor } from './sqlExecutor';

export interface SqlSubscriptionDeps {
  readonly executor: SqlExecutor;
  readonly schema: string;
  /** Fed by LISTEN on the store's channel; subscribers also poll with backoff in case it is down. */
  readonly changes: ChangeNotifier;
  readonly onClose?: () => void;
  /** Once caught up, at most one read per this many ms (see catchUpSubscription). */
  readonly liveIntervalMs?: number;
}

/** Subscribes to the global log: catches up page by page from the checkpoint, then follows live appends. */
export const subscribeToAll = (
  deps: SqlSubscriptionDeps,
  options: SubscribeToAllOptions = {},
): EventSubscription =>
  catchUpSubscription(
    {
      readPage: (after, limit) => readAll(deps.executor, deps.schema, after, limit, options.filter),
      changes: deps.changes,
      ...(deps.liveIntervalMs === undefined ? {} : { liveIntervalMs: deps.liveIntervalMs }),
      ...(deps.onClose ? { onClose: deps.onClose } : {}),
    },
    options,
  );
