import { randomUUID } from 'node:crypto';
import { isTestCustomer } from '@leadflow/domain';
import { getPostgresEventStore, type RecordedEvent, type SqlEventStore } from '@leadflow/eventstore';
import { createReadSchema } from '@leadflow/projections';
import { customerRowsOf } from '@leadflow/projections/src/customer/customerRows';
import { writeCustomerRows } from '@leadflow/projections/src/runner/writeRows';
import fc from 'fast-check';
import { arbHistory, HISTORY_START, recordHistory, STEP_MS } from './testing/randomHistory';
import { documentsAsOf } from './testing/referenceReplay';
import { FUNNEL_STAGES, funnelAsOf } from './timeTravelFunnel';

const suffix = () => randomUUID().replace(/-/g, '').slice(0, 10);

/** The reference: each customer's stage in the log replayed up to the instant (test and merged-away customers left out). */
const stagesAsOf = (log: ReadonlyArray<RecordedEvent>, at: number): Record<string, number> => {
  const counts: Record<string, number> = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0]));
  for (const doc of documentsAsOf(log, at).values()) {
    const { state } = doc;
    if (state.status !== 'active' || isTestCustomer(state) || state.stage === null) continue;
    counts[state.stage] = (counts[state.stage] ?? 0) + 1;
  }
  return counts;
};

describe('time travel: funnel as of an instant (PostgreSQL read model)', () => {
  let store: SqlEventStore;
  const schema = `rd_asof_${suffix()}`;

  beforeAll(async () => {
    store = await getPostgresEventStore({
      connectionString: process.env.DATABASE_URL!,
      schema: `ev_${suffix()}`,
    });
    await createReadSchema(store.executor, schema, 'customers');
  });
  afterAll(async () => {
    await store.executor.exec(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${store.schema} CASCADE`,
    );
    await store.close();
  });

  /** The read model of the whole log, as the projection writes it. */
  const loadReadModel = async (log: ReadonlyArray<RecordedEvent>) => {
    await store.executor.exec(
      `TRUNCATE ${schema}.customers, ${schema}.stage_history, ${schema}.offers, ${schema}.aliases, ${schema}.identities, ${schema}.tasks`,
    );
    const docs = documentsAsOf(log, Number.MAX_SAFE_INTEGER);
    await writeCustomerRows(store.executor, schema, [...docs.values()].map(customerRowsOf), new Map());
  };

  // Merges are left out: the read model keeps no record of when a merge happened nor of the merged
  // customer's own history, so before a merge the pair counts once, as its survivor (docs/analytics.md).
  it('equals the stage counts of the customers as of then, for random histories and instants', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory({ maxSteps: 14, merges: false }).chain((steps) =>
          fc.tuple(
            fc.constant(steps),
            fc.array(
              fc
                .tuple(fc.integer({ min: -1, max: steps.length + 1 }), fc.constantFrom(-1, 0, STEP_MS / 2))
                .map(([step, offset]) => HISTORY_START + step * STEP_MS + offset),
              { minLength: 1, maxLength: 4 },
            ),
          ),
        ),
        async ([steps, instants]) => {
          // Given the read model of a random history
          const log = recordHistory(steps);
          await loadReadModel(log);
          for (const at of instants) {
            // When the funnel is read as of an instant
            const answer = await funnelAsOf(store.executor, schema, { asOf: new Date(at).toISOString() });
            // Then each stage holds the customers that stood in it then
            expect(answer.stages).toEqual(stagesAsOf(log, at));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
