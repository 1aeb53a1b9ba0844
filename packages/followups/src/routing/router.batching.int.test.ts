import { getPostgresEventStore, type SqlEventStore, type SqlExecutor } from '@leadflow/eventstore';
import { createRouter, type RegisteredRep, type RouteRequest, type Router } from './router';

/** The store with its executor counting statements and transactions (the cost of routing). */
const counted = (store: SqlEventStore, counter: { statements: number; transactions: number }) => {
  const wrap = (ex: SqlExecutor): SqlExecutor => ({
    sharedWithOtherProcesses: ex.sharedWithOtherProcesses,
    query: (sql, params, options) => {
      counter.statements += 1;
      return ex.query(sql, params, options);
    },
    exec: (sql) => ex.exec(sql),
    transaction: (work) => {
      counter.transactions += 1;
      return ex.transaction((tx) => work(wrap(tx)));
    },
    listen: (channel, onNotify, onLost) => ex.listen(channel, onNotify, onLost),
    close: () => ex.close(),
  });
  return { ...store, schema: store.schema, executor: wrap(store.executor) } as SqlEventStore;
};

const rep = (repId: string, countries: string[], capacity: number | null = null): RegisteredRep => ({
  status: 'registered',
  repId,
  registeredAt: '2026-09-26T09:00:00.000Z',
  name: repId,
  email: null,
  manager: null,
  territories: { countries, offers: [] },
  capacity,
  active: true,
});

const request = (n: number, country: string): RouteRequest => ({
  taskId: `task-${country}-${n}`,
  customerId: `customer-${country}-${n}`,
  owner: null,
  country,
  offer: null,
  current: null,
});

describe('batched routing on PostgreSQL (two instances)', () => {
  const schema = `routing_batch_${Date.now().toString(36)}`;
  const counter = { statements: 0, transactions: 0 };
  let a: SqlEventStore;
  let b: SqlEventStore;
  let routerA: Router;
  let routerB: Router;

  beforeAll(async () => {
    a = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
    b = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
    routerA = await createRouter(counted(a, counter));
    routerB = await createRouter(b);
    // Three reps for Germany without limit, two for France with room for 5 tasks each, no default pool
    for (const r of [rep('de-1', ['DE']), rep('de-2', ['DE']), rep('de-3', ['DE'])])
      await routerA.putRep(r, 0n);
    for (const r of [rep('fr-1', ['FR'], 5), rep('fr-2', ['FR'], 5)]) await routerA.putRep(r, 0n);
  });
  afterAll(async () => {
    await a.executor.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await a.close();
    await b.close();
  });

  it('routes concurrent requests of both instances in a few transactions, each task once, fair and within capacity', async () => {
    // Given 300 German and 20 French tasks, each asked for by both instances at once (a redelivery)
    const requests = [
      ...Array.from({ length: 300 }, (_, n) => request(n, 'DE')),
      ...Array.from({ length: 20 }, (_, n) => request(n, 'FR')),
    ];
    counter.statements = 0;
    counter.transactions = 0;
    const [fromA, fromB] = await Promise.all([
      Promise.all(requests.map((r) => routerA.route([r]))),
      Promise.all(requests.map((r) => routerB.route([r]))),
    ]);
    const cost = { ...counter };
    // Then both instances got the same answer for every task
    const assignees = fromA.map((answer) => answer[0]!.assignee);
    expect(fromB.map((answer) => answer[0]!.assignee)).toEqual(assignees);
    // And the German tasks are spread in turn: 100 each
    const counts = new Map<string | null, number>();
    for (const assignee of assignees) counts.set(assignee, (counts.get(assignee) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'de-1': 100,
      'de-2': 100,
      'de-3': 100,
      'fr-1': 5,
      'fr-2': 5,
      null: 10,
    });
    // And the French reps hold no more than their capacity; the other ten wait, listed as unassigned
    const loads = await routerA.loads();
    expect([loads.get('fr-1'), loads.get('fr-2')]).toEqual([5, 5]);
    expect((await routerA.unassigned(100)).map((t) => t.taskId).sort()).toEqual(
      requests
        .slice(300)
        .filter((_, i) => assignees[300 + i] === null)
        .map((r) => r.taskId)
        .sort(),
    );
    // And instance A needed a handful of transactions for its 320 requests, not one each
    expect(cost.transactions).toBeLessThan(20);
    expect(cost.statements).toBeLessThanOrEqual(3 * cost.transactions);
  });

  it('keeps a customer’s tasks routed in one call with the first one’s rep (sticky owner)', async () => {
    const [first, second] = await routerB.route([
      { ...request(1000, 'DE'), taskId: 'first-contact-x' },
      { ...request(1000, 'DE'), taskId: 'trial-check-in-x' },
    ]);
    expect(first!.rule).toBe('territory');
    expect([second!.assignee, second!.rule]).toEqual([first!.assignee, 'owner']);
  });

  it('frees room when a task closes: the next French task is assigned', async () => {
    const [held] = await routerA.openTasksOf('fr-1');
    await routerA.close(held!.taskId);
    const [next] = await routerA.route([request(500, 'FR')]);
    expect(next!.assignee).toBe('fr-1');
    expect((await routerA.loads()).get('fr-1')).toBe(5);
  });
});
