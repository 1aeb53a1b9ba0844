import type { RepState, RoutingRep, Assignment } from '@leadflow/domain';
import { chooseAssignee, poolsOf } from '@leadflow/domain';
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
   * The rep for a task. A claim already made and not yet in the customer's stream is returned as
   * it was (a redelivery or a crash between claim and append assigns nobody twice); otherwise the
   * domain's rules choose again and the claim and the pool's cursor move together.
   */
  route(request: RouteRequest): Promise<Assignment>;
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
  /** Open tasks routing holds for a rep. */
  openTasksOf(repId: string): Promise<ReadonlyArray<RoutedTask>>;
  /** Open tasks per rep. */
  loads(): Promise<ReadonlyMap<string, number>>;
}

const routingRepOf = (rep: RegisteredRep): RoutingRep => ({
  repId: rep.repId,
  active: rep.active,
  capacity: rep.capacity,
  territories: rep.territories,
  manager: rep.manager,
});

const unassigned = (candidates: ReadonlyArray<string>): Assignment => ({
  assignee: null,
  rule: null,
  candidates,
  pool: null,
});

const chooseInTx = async (tx: SqlExecutor, s: string, request: RouteRequest): Promise<Assignment> => {
  const all = (await tx.query<{ doc: RegisteredRep }>(`SELECT doc FROM ${s}.routing_reps`)).map((r) =>
    routingRepOf(r.doc),
  );
  const task = { owner: request.owner, country: request.country, offer: request.offer };
  const poolKeys = poolsOf(all, task)
    .map((p) => p.key)
    .sort();
  const candidateIds = [
    ...new Set([
      ...(request.owner === null ? [] : [request.owner]),
      ...poolsOf(all, task).flatMap((p) => p.reps.map((r) => r.repId)),
    ]),
  ].sort();
  // Lock order (cursors by key, then reps by id) is the same in every transaction: no deadlock.
  await tx.query(
    `INSERT INTO ${s}.routing_cursors (pool, last_rep) SELECT unnest($1::text[]), NULL ON CONFLICT DO NOTHING`,
    [poolKeys],
  );
  const cursorRows = await tx.query<{ pool: string; last_rep: string | null }>(
    `SELECT pool, last_rep FROM ${s}.routing_cursors WHERE pool = ANY($1::text[]) ORDER BY pool FOR UPDATE`,
    [poolKeys],
  );
  // Read under the cursor lock: an instance routing the same task has committed its claim by now.
  const claimed = await tx.query<{ rep_id: string | null; rule: string | null }>(
    `SELECT rep_id, rule FROM ${s}.routing_tasks WHERE task_id = $1 FOR UPDATE`,
    [request.taskId],
  );
  const existing = claimed[0];
  if (existing !== undefined && existing.rep_id !== null && request.current === null)
    return {
      assignee: existing.rep_id,
      rule: existing.rule as Assignment['rule'],
      candidates: [existing.rep_id],
      pool: null,
    };
  const locked = await tx.query<{ doc: RegisteredRep }>(
    `SELECT doc FROM ${s}.routing_reps WHERE rep_id = ANY($1::text[]) ORDER BY rep_id FOR UPDATE`,
    [candidateIds],
  );
  const loads = await tx.query<{ rep_id: string; n: number }>(
    `SELECT rep_id, count(*)::int AS n FROM ${s}.routing_tasks
      WHERE open AND rep_id = ANY($1::text[]) AND task_id <> $2 GROUP BY rep_id`,
    [candidateIds, request.taskId],
  );
  const reps = locked.map((r) => routingRepOf(r.doc));
  const assignment =
    reps.length === 0
      ? unassigned([])
      : chooseAssignee(
          reps,
          task,
          new Map(loads.map((l) => [l.rep_id, l.n])),
          new Map(cursorRows.map((c) => [c.pool, c.last_rep])),
        );
  await tx.query(
    `INSERT INTO ${s}.routing_tasks (task_id, customer_id, rep_id, open, rule, pool) VALUES ($1, $2, $3, true, $4, $5)
     ON CONFLICT (task_id) DO UPDATE SET rep_id = excluded.rep_id, rule = excluded.rule, pool = excluded.pool,
       routed_at = now()`,
    [request.taskId, request.customerId, assignment.assignee, assignment.rule, assignment.pool],
  );
  if (assignment.pool !== null)
    await tx.query(`UPDATE ${s}.routing_cursors SET last_rep = $2 WHERE pool = $1`, [
      assignment.pool,
      assignment.assignee,
    ]);
  return assignment;
};

/** The router of a SQL store (creates its tables first). */
export const createRouter = async (store: SqlEventStore): Promise<Router> => {
  await createRoutingTables(store);
  const s = store.schema;
  const db = store.executor;
  const tasksOf = (rows: Array<{ task_id: string; customer_id: string }>): RoutedTask[] =>
    rows.map((r) => ({ taskId: r.task_id, customerId: r.customer_id }));
  return {
    route: (request) => db.transaction((tx) => chooseInTx(tx, s, request)),
    claim: async (taskId, customerId, repId) => {
      await db.query(
        `INSERT INTO ${s}.routing_tasks (task_id, customer_id, rep_id, open, rule) VALUES ($1, $2, $3, true, 'manual')
         ON CONFLICT (task_id) DO UPDATE SET rep_id = excluded.rep_id, rule = 'manual', routed_at = now()`,
        [taskId, customerId, repId],
      );
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
    putRep: async (rep, revision) => {
      await db.query(
        `INSERT INTO ${s}.routing_reps (rep_id, revision, doc) VALUES ($1, $2::bigint, $3::jsonb)
         ON CONFLICT (rep_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc
         WHERE ${s}.routing_reps.revision < excluded.revision`,
        [rep.repId, revision.toString(), JSON.stringify(rep)],
      );
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
          `SELECT task_id, customer_id FROM ${s}.routing_tasks WHERE open AND rep_id = $1 ORDER BY routed_at, task_id`,
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
