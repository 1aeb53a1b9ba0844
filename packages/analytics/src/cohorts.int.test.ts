import { randomUUID } from 'node:crypto';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { createReadSchema } from '@leadflow/projections';
import { cohorts } from './cohorts';

const suffix = () => randomUUID().replace(/-/g, '').slice(0, 10);
const DAY = 86_400;

interface FixtureCustomer {
  readonly id: string;
  readonly firstSeenAt: string;
  readonly stages: ReadonlyArray<readonly [string, string]>;
  readonly speedToLead: number | null;
  readonly offers?: ReadonlyArray<string>;
  readonly sources?: ReadonlyArray<string>;
  readonly isTest?: boolean;
  readonly merged?: boolean;
}

// Known customers, the numbers below worked out by hand. 2026-01-05 is the Monday of ISO week 2.
const CUSTOMERS: ReadonlyArray<FixtureCustomer> = [
  {
    id: 'a',
    firstSeenAt: '2026-01-05T10:00:00Z',
    stages: [
      ['interest', '2026-01-05T10:00:00Z'],
      ['trial', '2026-01-06T10:00:00Z'],
      ['active', '2026-01-08T10:00:00Z'],
    ],
    speedToLead: 3600,
  },
  {
    id: 'b',
    firstSeenAt: '2026-01-07T12:00:00Z',
    stages: [
      ['interest', '2026-01-07T12:00:00Z'],
      ['qualified', '2026-01-09T12:00:00Z'],
    ],
    speedToLead: 7200,
  },
  // Sunday night: still week 2.
  {
    id: 'c',
    firstSeenAt: '2026-01-11T23:30:00Z',
    stages: [['active', '2026-01-11T23:30:00Z']],
    speedToLead: null,
    sources: ['AppSource (SPZA)'],
  },
  // Monday just after midnight UTC: week 3.
  {
    id: 'd',
    firstSeenAt: '2026-01-12T00:10:00Z',
    stages: [['referral', '2026-01-12T00:10:00Z']],
    speedToLead: 600,
    offers: ['contoso.erp', 'erp'],
  },
  // Sunday 4 January 2026: ISO week 1 (which began on Monday 29 December 2025), calendar month January.
  {
    id: 'g',
    firstSeenAt: '2026-01-04T23:59:00Z',
    stages: [['interest', '2026-01-04T23:59:00Z']],
    speedToLead: 100,
  },
  // Never counted: a test customer and a customer merged into another.
  {
    id: 'e',
    firstSeenAt: '2026-01-06T09:00:00Z',
    stages: [['interest', '2026-01-06T09:00:00Z']],
    speedToLead: 5,
    isTest: true,
  },
  { id: 'f', firstSeenAt: '2026-01-06T09:00:00Z', stages: [], speedToLead: 5, merged: true },
];

const stagesOf = (values: Record<string, number | null>, fill: number | null) => ({
  referral: fill,
  interest: fill,
  trial: fill,
  active: fill,
  qualified: fill,
  won: fill,
  nurturing: fill,
  disqualified: fill,
  lost: fill,
  ...values,
});

describe('cohorts over the read model', () => {
  let store: SqlEventStore;
  const schema = `rd_cohorts_${suffix()}`;

  beforeAll(async () => {
    store = await getPostgresEventStore({
      connectionString: process.env.DATABASE_URL!,
      schema: `ev_${suffix()}`,
    });
    await createReadSchema(store.executor, schema, 'customers');
    for (const [n, c] of CUSTOMERS.entries()) {
      await store.executor.query(
        `INSERT INTO ${schema}.customers (customer_id, status, merged_into, first_position, last_position, event_count,
           stage, is_test, anonymous, unrecognized, opted_out, lead_count, first_seen_at, speed_to_lead_seconds,
           offers, sources, search, doc, view)
         VALUES ($1, $2, $3, $4, $4, 1, $5, $6, false, false, false, 1, $7, $8, $9, $10, '', '{}', '{}')`,
        [
          c.id,
          c.merged ? 'merged' : 'active',
          c.merged ? 'a' : null,
          n,
          c.stages[c.stages.length - 1]?.[0] ?? null,
          c.isTest ?? false,
          c.firstSeenAt,
          c.speedToLead,
          c.offers ?? ['contoso.crm', 'crm'],
          c.sources ?? ['AzureMarketplace'],
        ],
      );
      for (const [idx, [stage, at]] of c.stages.entries())
        await store.executor.query(
          `INSERT INTO ${schema}.stage_history (customer_id, idx, stage, at, cause) VALUES ($1, $2, $3, $4, 'lead:x')`,
          [c.id, idx, stage, at],
        );
    }
  });
  afterAll(async () => {
    await store.executor.exec(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${store.schema} CASCADE`,
    );
    await store.close();
  });

  it('groups customers by ISO week of first contact, with reached stages, medians and speed-to-lead', async () => {
    const report = await cohorts(store.executor, schema, { period: 'week' });
    expect(report.cohorts).toEqual([
      {
        period: '2026-W01',
        start: '2025-12-29',
        customers: 1,
        reached: stagesOf({ interest: 1 }, 0),
        medianSecondsToStage: stagesOf({ interest: 0 }, null),
        speedToLead: { p50Seconds: 100, p90Seconds: 100 },
      },
      {
        period: '2026-W02',
        start: '2026-01-05',
        customers: 3,
        reached: stagesOf({ interest: 2, trial: 1, active: 2, qualified: 1 }, 0),
        // active: a after 3 days, c at once; the median of two is their mean
        medianSecondsToStage: stagesOf(
          { interest: 0, trial: DAY, active: 1.5 * DAY, qualified: 2 * DAY },
          null,
        ),
        // c has no contact yet: speed-to-lead over a and b (3600, 7200)
        speedToLead: { p50Seconds: 5400, p90Seconds: 6840 },
      },
      {
        period: '2026-W03',
        start: '2026-01-12',
        customers: 1,
        reached: stagesOf({ referral: 1 }, 0),
        medianSecondsToStage: stagesOf({ referral: 0 }, null),
        speedToLead: { p50Seconds: 600, p90Seconds: 600 },
      },
    ]);
  });

  it('groups by calendar month', async () => {
    const report = await cohorts(store.executor, schema, { period: 'month' });
    expect(report.cohorts).toEqual([
      {
        period: '2026-01',
        start: '2026-01-01',
        customers: 5,
        reached: stagesOf({ referral: 1, interest: 3, trial: 1, active: 2, qualified: 1 }, 0),
        medianSecondsToStage: stagesOf(
          { referral: 0, interest: 0, trial: DAY, active: 1.5 * DAY, qualified: 2 * DAY },
          null,
        ),
        // 100, 600, 3600, 7200: p50 between 600 and 3600, p90 at 2.7 of 3 steps between 3600 and 7200
        speedToLead: { p50Seconds: 2100, p90Seconds: 6120 },
      },
    ]);
  });

  it('filters by first-contact days, offer and source', async () => {
    const days = await cohorts(store.executor, schema, {
      period: 'week',
      from: '2026-01-05',
      to: '2026-01-11',
    });
    expect(days.cohorts.map((c) => [c.period, c.customers])).toEqual([['2026-W02', 3]]);
    const offer = await cohorts(store.executor, schema, { period: 'month', offer: 'contoso.erp' });
    expect(offer.cohorts.map((c) => [c.period, c.customers, c.reached.referral])).toEqual([
      ['2026-01', 1, 1],
    ]);
    const source = await cohorts(store.executor, schema, { period: 'week', source: 'AppSource (SPZA)' });
    expect(source.cohorts.map((c) => [c.period, c.customers, c.reached.active])).toEqual([
      ['2026-W02', 1, 1],
    ]);
  });
});
