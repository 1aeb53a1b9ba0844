import type { RepState, RoutingRep, Assignment } from '@leadflow/domain';
import { chooseAssignee, hasRoom, territoryPoolKey } from '@leadflow/domain';
import type { SqlEventStore, SqlExecutor } from '@leadflow/eventstore';
import { createRoutingTables } from './routingTables';

/** A registered rep as routing stores it. */
export type RegisteredRep = Extract<RepState, { status: 'registered' }>;

/** What routing is told about a task to assign. */
export interface RouteRequest {
  readonly taskId: string;
  readonly customerId: string;
  readonly owner: string | null;
  readonly country: string | null;
  readonly offer: string | null;
  /** The assignee the customer's stream holds now (null for a new task). */
  readonly current: string | null;
}

/** A task routing holds for a rep (or for nobody yet). */
export interface RoutedTask {
  readonly taskId: string;
  readonly customerId: string;
}

/** The routing state over SQL: reps, round-robin cursors, and each task's claim. */
export interface Router {
  /**
   * The reps for one customer's new or re-routed tasks, in order: a task without an owner follows the
   * assignee of an earlier task of the same call (the first rep assigned becomes the owner). A claim
   * already made and not yet in the customer's stream is returned as it was (a redelivery or a crash
   * between claim and append assigns nobody twice); otherwise the domain's rules choose and the claim
   * and the pool's cursor move together. Calls made while a routing transaction runs are routed
   * together in the next one.
   */
  route(requests: ReadonlyArray<RouteRequest>): Promise<ReadonlyArray<Assignment>>;
  /** Records a task's assignee chosen by hand. */
  claim(taskId: string, customerId: string, repId: string): Promise<void>;
  /** The task is no longer open (completed or superseded): it stops counting against its rep. */
  close(taskId: string): Promise<void>;
  assigneeOf(taskId: string): Promise<string | null>;
  rep(repId: string): Promise<RegisteredRep | null>;
  reps(): Promise<ReadonlyArray<RegisteredRep>>;
  /** Stores a rep's folded state at its stream revision (an older revision never overwrites a newer one). */
  putRep(rep: RegisteredRep, revision: bigint): Promise<void>;
  /** Open tasks nobody could take yet, oldest first. */
  unassigned(limit: number): Promise<ReadonlyArray<RoutedTask>>;
  /** Open tasks routing holds for a rep, by customer id then task id (the order they are handed on in). */
  openTasksOf(repId: string): Promise<ReadonlyArray<RoutedTask>>;
  /** Open tasks per rep. */
  loads(): Promise<ReadonlyMap<string, number>>;
}

/** Most tasks one routing transaction takes (the rest wait for the next). */
const MAX_BATCH_TASKS = 512;

const routingRepOf = (rep: RegisteredRep): RoutingRep => ({
  repId: rep.repId,
  active: rep.active,
  capacity: rep.capacity,
  territories: rep.territories,
  manager: rep.manager,
});

/**
 * Takes the routing lock: the `default` cursor row, which every routing decision reads and every
 * change it depends on (a rep's profile, a manual claim) takes too. One holder at a time across all
 * instances, so what is read after it is what the previous holder committed.
 */
const lockRouting = (tx: SqlExecutor, s: string) =>
  tx.query<{ last_rep: string | null }>(
    `SELECT last_rep FROM ${s}.routing_cursors WHERE pool = 'default' FOR UPDATE`,
    [],
    { prepare: true },
  );

type Snapshot = {
  reps: RegisteredRep[] | null;
  claims: Array<{ task: string; rep: string | null; rule: string | null }> | null;
  cursors: Array<{ pool: string; last: string | null }> | null;
  loads: Array<{ rep: string; n: number }> | null;
};

/**
 * Everything a batch decides on, in one statement: all reps, the batch's existing claims, its pools'
 * cursors, and the open tasks of reps with a capacity (other reps' loads do not matter, and a rep's
 * count is bounded by its capacity, so the read stays small however many tasks are open), not counting
 * the batch's own tasks, which are counted as they are decided.
 */
const readSnapshot = async (tx: SqlExecutor, s: string, taskIds: string[], pools: string[]) =>
  (
    await tx.query<Snapshot>(
      `SELECT
         (SELECT json_agg(doc ORDER BY rep_id) FROM ${s}.routing_reps) AS reps,
         (SELECT json_agg(json_build_object('task', task_id, 'rep', rep_id, 'rule', rule))
            FROM ${s}.routing_tasks WHERE task_id = ANY($1::text[])) AS claims,
         (SELECT json_agg(json_build_object('pool', pool, 'last', last_rep))
            FROM ${s}.routing_cursors WHERE pool = ANY($2::text[])) AS cursors,
         (SELECT json_agg(json_build_object('rep', r.rep_id, 'n', (
            SELECT count(*)::int FROM ${s}.routing_tasks t
             WHERE t.open AND t.rep_id = r.rep_id AND t.task_id <> ALL($1::text[]))))
            FROM ${s}.routing_reps r WHERE jsonb_typeof(r.doc->'capacity') = 'number') AS loads`,
      [taskIds, pools],
      { prepare: true },
    )
  )[0]!;

type Claim = {
  taskId: string;
  customerId: string;
  rep: string | null;
  rule: string | null;
  pool: string | null;
};

/** Routes a batch of request groups in one transaction: lock, one read, decide in memory, one write. */
const routeBatch = async (
  tx: SqlExecutor,
  s: string,
  groups: ReadonlyArray<ReadonlyArray<RouteRequest>>,
): Promise<Assignment[][]> => {
  const requests = groups.flat();
  const taskIds = [...new Set(requests.map((r) => r.taskId))];
  const pools = [...new Set(['default', ...requests.map((r) => territoryPoolKey(r.country, r.offer))])];
  await lockRouting(tx, s);
  const snapshot = await readSnapshot(tx, s, taskIds, pools);
  const reps = (snapshot.reps ?? []).map(routingRepOf);
  const claims = new Map((snapshot.claims ?? []).map((c) => [c.task, c]));
  const cursors = new Map<string, string | null>((snapshot.cursors ?? []).map((c) => [c.pool, c.last]));
  const loads = new Map((snapshot.loads ?? []).map((l) => [l.rep, l.n]));
  // Which rep each of the batch's tasks counts against so far (loads above leave them out).
  const holder = new Map<string, string | null>();
  const hold = (taskId: string, rep: string | null) => {
    const before = holder.get(taskId);
    if (before !== undefined && before !== null) loads.set(before, (loads.get(before) ?? 1) - 1);
    if (rep !== null) loads.set(rep, (loads.get(rep) ?? 0) + 1);
    holder.set(taskId, rep);
  };
  const written = new Map<string, Claim>();
  const moved = new Set<string>();
  const decideOne = (request: RouteRequest, owner: string | null): Assignment => {
    const existing = claims.get(request.taskId);
    if (existing !== undefined && existing.rep !== null && request.current === null) {
      if (!holder.has(request.taskId)) hold(request.taskId, existing.rep);
      return {
        assignee: existing.rep,
        rule: existing.rule as Assignment['rule'],
        candidates: [existing.rep],
        pool: null,
      };
    }
    const assignment = chooseAssignee(
      reps,
      { owner, country: request.country, offer: request.offer },
      loads,
      cursors,
    );
    hold(request.taskId, assignment.assignee);
    if (assignment.pool !== null) {
      cursors.set(assignment.pool, assignment.assignee);
      moved.add(assignment.pool);
    }
    claims.set(request.taskId, { task: request.taskId, rep: assignment.assignee, rule: assignment.rule });
    written.set(request.taskId, {
      taskId: request.taskId,
      customerId: request.customerId,
      rep: assignment.assignee,
      rule: assignment.rule,
      pool: assignment.pool,
    });
    return assignment;
  };
  const repById = new Map(reps.map((r) => [r.repId, r]));
  const usable = (repId: string | null): boolean => {
    const found = repId === null ? undefined : repById.get(repId);
    return found !== undefined && hasRoom(found, loads);
  };
  // A customer's tasks of one call stay together: without a usable owner, the later ones follow the
  // first one's rep.
  const results = groups.map((group) => {
    let chained: string | null = null;
    return group.map((request) => {
      const owner = usable(request.owner) || chained === null ? request.owner : chained;
      const assignment = decideOne(request, owner);
      chained = chained ?? assignment.assignee;
      return assignment;
    });
  });
  const rows = [...written.values()];
  if (rows.length > 0)
    await tx.query(
      `WITH claimed AS (
         INSERT INTO ${s}.routing_tasks (task_id, customer_id, rep_id, open, rule, pool)
         SELECT t, c, r, true, ru, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(t, c, r, ru, p)
         ON CONFLICT (task_id) DO UPDATE SET rep_id = excluded.rep_id, rule = excluded.rule, pool = excluded.pool,
           routed_at = now()
         RETURNING 1),
       moved AS (
         INSERT INTO ${s}.routing_cursors (pool, last_rep) SELECT * FROM unnest($6::text[], $7::text[])
         ON CONFLICT (pool) DO UPDATE SET last_rep = excluded.last_rep
         RETURNING 1)
       SELECT (SELECT count(*) FROM claimed)::int + (SELECT count(*) FROM moved)::int AS n`,
      [
        rows.map((r) => r.taskId),
        rows.map((r) => r.customerId),
        rows.map((r) => r.rep),
        rows.map((r) => r.rule),
        rows.map((r) => r.pool),
        [...moved],
        [...moved].map((p) => cursors.get(p)),
      ],
      { prepare: true },
    );
  return results;
};

type Pending = {
  requests: ReadonlyArray<RouteRequest>;
  resolve: (assignments: ReadonlyArray<Assignment>) => void;
  reject: (error: unknown) => void;
};

/**
 * Group routing: requests made while a routing transaction runs wait for it and then go together in
 * the next one, so the routing lock is taken once per batch, not once per task, and a busy consumer's
 * many concurrent handlers cost a few statements between them.
 */
const batchedRouting = (db: SqlExecutor, s: string): Router['route'] => {
  const pending: Pending[] = [];
  let running = false;
  const drain = async () => {
    while (pending.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (
        pending.length > 0 &&
        (batch.length === 0 || size + pending[0]!.requests.length <= MAX_BATCH_TASKS)
      ) {
        const next = pending.shift()!;
        size += next.requests.length;
        batch.push(next);
      }
      try {
        const results = await db.transaction((tx) =>
          routeBatch(
            tx,
            s,
            batch.map((p) => p.requests),
          ),
        );
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
    running = false;
  };
  return (requests) => {
    if (requests.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      pending.push({ requests, resolve, reject });
      if (running) return;
      running = true;
      // The first request waits for the end of the tick, so requests made together go together.
      setImmediate(() => void drain());
    });
  };
};

/** The router of a SQL store (creates its tables first). */
export const createRouter = async (store: SqlEventStore): Promise<Router> => {
  await createRoutingTables(store);
  const s = store.schema;
  const db = store.executor;
  const tasksOf = (rows: Array<{ task_id: string; customer_id: string }>): RoutedTask[] =>
    rows.map((r) => ({ taskId: r.task_id, customerId: r.customer_id }));
  return {
    route: batchedRouting(db, s),
    claim: async (taskId, customerId, repId) => {
      await db.transaction(async (tx) => {
        await lockRouting(tx, s);
        await tx.query(
          `INSERT INTO ${s}.routing_tasks (task_id, customer_id, rep_id, open, rule) VALUES ($1, $2, $3, true, 'manual')
           ON CONFLICT (task_id) DO UPDATE SET rep_id = excluded.rep_id, rule = 'manual', routed_at = now()`,
          [taskId, customerId, repId],
        );
      });
    },
    close: async (taskId) => {
      await db.query(`UPDATE ${s}.routing_tasks SET open = false WHERE task_id = $1 AND open`, [taskId], {
        prepare: true,
      });
    },
    assigneeOf: async (taskId) => {
      const rows = await db.query<{ rep_id: string | null }>(
        `SELECT rep_id FROM ${s}.routing_tasks WHERE task_id = $1`,
        [taskId],
        { prepare: true },
      );
      return rows[0]?.rep_id ?? null;
    },
    rep: async (repId) => {
      const rows = await db.query<{ doc: RegisteredRep }>(
        `SELECT doc FROM ${s}.routing_reps WHERE rep_id = $1`,
        [repId],
      );
      return rows[0]?.doc ?? null;
    },
    reps: async () =>
      (await db.query<{ doc: RegisteredRep }>(`SELECT doc FROM ${s}.routing_reps ORDER BY rep_id`)).map(
        (r) => r.doc,
      ),
    // Under the routing lock: a batch routes with the rep as it was before or as it is after, and a rep
    // deactivated here finds, once this commits, every task a batch gave it.
    putRep: async (rep, revision) => {
      await db.transaction(async (tx) => {
        await lockRouting(tx, s);
        await tx.query(
          `INSERT INTO ${s}.routing_reps (rep_id, revision, doc) VALUES ($1, $2::bigint, $3::jsonb)
           ON CONFLICT (rep_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc
           WHERE ${s}.routing_reps.revision < excluded.revision`,
          [rep.repId, revision.toString(), JSON.stringify(rep)],
        );
      });
    },
    unassigned: async (limit) =>
      tasksOf(
        await db.query(
          `SELECT task_id, customer_id FROM ${s}.routing_tasks WHERE open AND rep_id IS NULL
            ORDER BY routed_at, task_id LIMIT $1`,
          [limit],
        ),
      ),
    openTasksOf: async (repId) =>
      tasksOf(
        await db.query(
          `SELECT task_id, customer_id FROM ${s}.routing_tasks WHERE open AND rep_id = $1 ORDER BY customer_id, task_id`,
          [repId],
        ),
      ),
    loads: async () =>
      new Map(
        (
          await db.query<{ rep_id: string; n: number }>(
            `SELECT rep_id, count(*)::int AS n FROM ${s}.routing_tasks WHERE open AND rep_id IS NOT NULL GROUP BY rep_id`,
          )
        ).map((r) => [r.rep_id, r.n]),
      ),
  };
};
