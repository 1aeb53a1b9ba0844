import { dropRunDatabase } from './postgres';

/** Drops the run's database and stops what the global setup started (only that). */
export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__leadflowInfra;
  if (!infra) return;
  globalThis.__leadflowInfra = undefined;
  const steps: Promise<unknown>[] = [];
  if (infra.postgres) {
    const pg = infra.postgres;
    const dropped = infra.runDatabase ? dropRunDatabase(pg.adminUrl, infra.runDatabase) : Promise.resolve();
    steps.push(dropped.finally(() => pg.stop()));
  }
  if (infra.kafka) steps.push(infra.kafka.stop());
  if (infra.kurrent?.kind === 'available') steps.push(infra.kurrent.stop());
  const results = await Promise.allSettled(steps);
  for (const r of results)
    if (r.status === 'rejected') process.stderr.write(`[infra] teardown: ${String(r.reason)}\n`);
}
