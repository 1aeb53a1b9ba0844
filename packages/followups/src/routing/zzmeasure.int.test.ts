import { getPostgresEventStore, type SqlEventStore, type SqlExecutor } from '@leadflow/eventstore';
import { createRouter } from './router';

const counting = (store: SqlEventStore, counter: { n: number; tx: number }): SqlEventStore => {
  const wrap = (ex: SqlExecutor): SqlExecutor => ({
    ...ex,
    sharedWithOtherProcesses: ex.sharedWithOtherProcesses,
    query: (sql, params, options) => {
      counter.n += 1;
      return ex.query(sql, params, options);
    },
    exec: (sql) => ex.exec(sql),
    transaction: (work) => {
      counter.tx += 1;
      return ex.transaction((tx) => work(wrap(tx)));
    },
    listen: (c, o, l) => ex.listen(c, o, l),
    close: () => ex.close(),
  });
  return { ...store, schema: store.schema, executor: wrap(store.executor) } as SqlEventStore;
};

it('measures', async () => {
  const schema = `measure_${Date.now().toString(36)}`;
  const a = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
  const counter = { n: 0, tx: 0 };
  const router = await createRouter(counting(a, counter));
  for (const id of ['de-a', 'de-b', 'pool'])
    await router.putRep(
      {
        status: 'registered', repId: id, registeredAt: 'x', name: id, email: null, manager: null,
        territories: id === 'pool' ? { countries: [], offers: [] } : { countries: ['DE'], offers: [] },
        capacity: null, active: true,
      },
      0n,
    );
  counter.n = 0; counter.tx = 0;
  const N = Number(process.env.N ?? 500);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      router.route({ taskId: `t${i}`, customerId: `c${i}`, owner: null, country: 'DE', offer: null, current: null }),
    ),
  );
  const ms = Date.now() - started;
  process.stdout.write(`${N} routes: ${ms} ms, ${counter.n} statements, ${counter.tx} transactions, ${(ms / N).toFixed(2)} ms/route\n`);
  await a.executor.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await a.close();
}, 300_000);
