import { createMemoryBus } from '@leadflow/bus';
import { customerStreamName, type IncomingLead } from '@leadflow/contracts';
import { decide, defaultFollowUpConfig, initialState, normaliseCustomer } from '@leadflow/domain';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { createLogger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { applyFollowUpPolicy, type FollowUpDeps } from './lifecycleHandler';
import { escalateOverdue, startOverdueScanner } from './overdueScanner';

const logger = createLogger('followups-test', 'silent');
const leadAt = '2026-09-26T09:00:00.000Z';
const twoDaysLater = new Date('2026-09-28T09:00:00.000Z');

const incoming: IncomingLead = {
  format: 'webhook',
  producerLeadId: null,
  occurredAt: null,
  source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
  action: { raw: 'StartTestDrive', known: 'StartTestDrive' },
  offer: { publisherId: 'contoso', offerId: 'crm', title: 'Contoso CRM' },
  customer: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@contoso.com',
    phone: null,
    country: 'GB',
    company: 'Contoso',
    title: null,
  },
  description: null,
  producer: null,
  isTest: false,
  unrecognized: false,
};

/** Appends a StartTestDrive lead to a new customer stream; returns the stored LeadReceived as a lifecycle event. */
const seedLead = async (store: SqlEventStore, customerId: string) => {
  const metadata = { correlationId: 'corr', causationId: 'cause' };
  const decided = decide(
    {
      type: 'ReceiveLead',
      metadata,
      data: {
        leadId: `lead-${customerId}`,
        customerId,
        receivedAt: leadAt,
        lead: incoming,
        normalised: normaliseCustomer(incoming.customer),
        contentHash: 'hash',
        idempotencyKey: null,
        matchedBy: null,
      },
    },
    initialState(),
  );
  if (E.isLeft(decided)) throw new Error('seed refused');
  const event = decided.right[0]!;
  const eventId = `00000000-0000-4000-8000-${customerId.slice(-12).padStart(12, '0')}`;
  await store.appendToStream(customerStreamName(customerId), [
    { id: eventId, type: event.type, data: event.data as never, metadata: event.metadata as never },
  ]);
  return { eventId, customerId, event };
};

const typesOf = async (store: SqlEventStore, customerId: string) =>
  (await store.readStream(customerStreamName(customerId))).map((e) => e.type);

describe('follow-up handlers on PostgreSQL (two instances)', () => {
  const schema = `followups_${Date.now().toString(36)}`;
  let a: SqlEventStore;
  let b: SqlEventStore;
  const deps = async (store: SqlEventStore, now: Date): Promise<FollowUpDeps> => ({
    store,
    bus: createMemoryBus(logger),
    followupsTopic: 'leads.followups',
    config: defaultFollowUpConfig,
    now: () => now,
  });

  beforeAll(async () => {
    a = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
    b = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
  });
  afterAll(async () => {
    await a.executor.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await a.close();
    await b.close();
  });

  it('schedules first-contact and trial-check-in once, even when the lead is delivered to two instances at once', async () => {
    // Given a stored trial lead
    const cause = await seedLead(a, '000000000001');
    // When two consumers handle the same message concurrently, and then once more (redelivery)
    const [da, db] = [await deps(a, new Date(leadAt)), await deps(b, new Date(leadAt))];
    await Promise.all([applyFollowUpPolicy(da, cause), applyFollowUpPolicy(db, cause)]);
    await applyFollowUpPolicy(da, cause);
    // Then exactly two tasks exist
    expect(await typesOf(a, cause.customerId)).toEqual([
      'LeadReceived',
      'FollowUpScheduled',
      'FollowUpScheduled',
    ]);
  });

  it('escalates an overdue task exactly once with two scanners running', async () => {
    const cause = await seedLead(a, '000000000002');
    await applyFollowUpPolicy(await deps(a, new Date(leadAt)), cause);
    // Two days later, two scanner instances on two connections
    const [da, db] = [await deps(a, twoDaysLater), await deps(b, twoDaysLater)];
    const scanners = [
      startOverdueScanner(da, logger, { intervalMs: 3_600_000 }),
      startOverdueScanner(db, logger, { intervalMs: 3_600_000 }),
    ];
    try {
      await Promise.all([
        escalateOverdue(da, cause.customerId, twoDaysLater.toISOString()),
        escalateOverdue(db, cause.customerId, twoDaysLater.toISOString()),
      ]);
      await new Promise((r) => setTimeout(r, 500));
      await Promise.all(scanners.map((s) => s.scanOnce()));
    } finally {
      await Promise.all(scanners.map((s) => s.stop()));
    }
    const types = await typesOf(a, cause.customerId);
    expect(types.filter((t) => t === 'FollowUpOverdue')).toHaveLength(2);
    // Each task was flagged at risk once on the way (at 75 % of its time to due).
    expect(types.filter((t) => t === 'FollowUpAtRisk')).toHaveLength(2);
    expect(types).toHaveLength(7);
  });
});
