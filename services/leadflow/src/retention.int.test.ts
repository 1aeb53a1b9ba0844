import { customerStreamName } from '@leadflow/contracts';
import { getPostgresEventStore } from '@leadflow/eventstore';
import { createLeadWriter, createSqlWriteSide, type IngestOutcome } from '@leadflow/ingestion';
import {
  createErasureService,
  protectStore,
  startRetentionScanner,
  type PrivateSqlEventStore,
} from '@leadflow/privacy';
import type { ErasureReason } from '@leadflow/contracts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

// The retention scanner with two instances on one database (two query processes): each idle customer
// is erased exactly once, counted once, and customers with recent activity are left alone.

const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const lead = (n: number) =>
  JSON.stringify({
    id: `retention-${n}`,
    occurredAt: '2026-01-02T00:00:00Z',
    action: 'PLT',
    source: 'AzureMarketplace',
    customer: { email: `retention.${n}@keep-or-forget.example`, firstName: `Ret${n}`, country: 'US' },
  });

describe('retention scanner, two instances', () => {
  const database = `lf_retention_${Date.now().toString(36)}`;
  const masterKey = randomBytes(32);
  const stores: PrivateSqlEventStore[] = [];

  const open = async (url: string) => {
    const store = await protectStore(await getPostgresEventStore({ connectionString: url }), {
      masterKey,
      masterKeyFile: null,
      dataDir: '.',
      eventStore: 'postgres',
    });
    stores.push(store);
    return store;
  };

  afterAll(async () => {
    for (const store of stores) await store.close().catch(() => undefined);
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('erases each customer idle for the period once, and no one active', async () => {
    await withAdmin((c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(process.env['DATABASE_URL']!);
    url.pathname = `/${database}`;
    const a = await open(url.toString());
    const b = await open(url.toString());
    const side = await createSqlWriteSide(a, {
      rejectedMaxCount: 100,
      maxLeadBytes: 65536,
      privacy: a.vault,
    });
    const writer = createLeadWriter({
      writeSide: side.writeSide,
      rejected: side.rejected,
      maxLeadBytes: 65536,
      dedupWindowSeconds: 86400,
    });
    // Given 16 customers, 12 of them with no activity for 40 days
    const customers: string[] = [];
    for (let n = 0; n < 16; n += 1) {
      const outcome: IngestOutcome = await writer.ingest({
        text: lead(n),
        idempotencyKey: null,
        receivedAt: new Date(),
        correlationId: `retention-${n}`,
        channel: 'http',
      });
      if (outcome.kind !== 'accepted') throw new Error(`lead ${n}: ${outcome.kind}`);
      customers.push(outcome.customerId);
    }
    const idle = customers.slice(0, 12);
    const active = customers.slice(12);
    await a.executor.query(
      `UPDATE ${a.schema}.events SET created_at = created_at - interval '40 days' WHERE stream_name = ANY($1::text[])`,
      [idle.map(customerStreamName)],
    );
    await a.executor.query(
      `UPDATE ${a.schema}.ws_leads SET received_at = received_at - interval '40 days' WHERE customer_id = ANY($1::text[])`,
      [idle],
    );

    // When two instances scan at the same time, a few customers per step so that they meet
    const counted: Record<string, number> = {};
    const scanner = (store: PrivateSqlEventStore, name: string) =>
      startRetentionScanner({
        store,
        erasures: createErasureService(store, {
          onErased: (reason: ErasureReason) =>
            (counted[`${name}:${reason}`] = (counted[`${name}:${reason}`] ?? 0) + 1),
        }),
        retentionDays: 30,
        everyMs: 3_600_000,
        batch: 5,
      });
    const one = scanner(a, 'a');
    const two = scanner(b, 'b');
    let erasedByScans = 0;
    try {
      for (let round = 0; round < 6; round += 1) {
        const [x, y] = await Promise.all([one.scanOnce(), two.scanOnce()]);
        erasedByScans += x + y;
      }
    } finally {
      one.stop();
      two.stop();
    }

    // Then every idle customer was erased once (one erasure, one PersonalDataErased, its key gone),
    // counted once across both instances, and the active ones keep their data
    expect(erasedByScans).toBe(idle.length);
    expect((counted['a:retention'] ?? 0) + (counted['b:retention'] ?? 0)).toBe(idle.length);
    const erasures = await a.executor.query<{ customer_id: string; reason: string }>(
      `SELECT customer_id, reason FROM ${a.schema}.pd_erasures ORDER BY customer_id`,
    );
    expect(erasures).toEqual([...idle].sort().map((id) => ({ customer_id: id, reason: 'retention' })));
    const marks = await a.executor.query<{ stream_name: string; n: number }>(
      `SELECT stream_name, count(*)::int AS n FROM ${a.schema}.events
        WHERE event_type = 'PersonalDataErased' GROUP BY stream_name ORDER BY stream_name`,
    );
    expect(marks).toEqual(
      idle
        .map(customerStreamName)
        .sort()
        .map((stream_name) => ({ stream_name, n: 1 })),
    );
    const keys = await a.executor.query<{ key_id: string; destroyed: boolean }>(
      `SELECT key_id, wrapped IS NULL AS destroyed FROM ${a.schema}.pd_keys ORDER BY key_id`,
    );
    expect(keys.filter((k) => k.destroyed).map((k) => k.key_id)).toEqual([...idle].sort());
    expect(keys.filter((k) => !k.destroyed).map((k) => k.key_id)).toEqual([...active].sort());
    const [activeLead] = await b.readStream(customerStreamName(active[0]!));
    expect(JSON.stringify(activeLead?.data)).toContain('retention.12@keep-or-forget.example');
    const [idleLead] = await b.readStream(customerStreamName(idle[0]!));
    expect(JSON.stringify(idleLead?.data)).not.toContain('keep-or-forget');
    // And a later scan finds nothing left to erase
    const later = startRetentionScanner({
      store: b,
      erasures: createErasureService(b),
      retentionDays: 30,
      everyMs: 3_600_000,
    });
    expect(await later.scanOnce()).toBe(0);
    later.stop();
  }, 120_000);
});
