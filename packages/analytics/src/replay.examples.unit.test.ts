import type { CustomerEvent, KnownAction, LeadReceivedData } from '@leadflow/contracts';
import { getInMemoryEventStore, type EventStore, type JsonObject } from '@leadflow/eventstore';
import path from 'node:path';
import { replay, type Projection } from './replay';

// The examples are loaded as a user's module is (their own tsconfig typechecks them, outside this package).
const example = <M>(name: string): M =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.resolve(__dirname, '../../../docs/examples', name)) as M;
const { default: leadsPerOfferPerWeek, isoWeek } = example<{
  default: Projection<unknown, Record<string, Record<string, number>>>;
  isoWeek: (at: string) => string;
}>('leadsPerOfferPerWeek');
const { default: trialToInstall } = example<{ default: Projection<unknown, unknown> }>('trialToInstall');

const meta = { schemaVersion: 1, correlationId: 'c', causationId: 'c' };

const lead = (
  customerId: string,
  leadId: string,
  at: string,
  action: KnownAction,
  offerId: string,
  isTest = false,
): CustomerEvent => {
  const data: LeadReceivedData = {
    leadId,
    customerId,
    receivedAt: at,
    source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
    action: { raw: action, known: action },
    offer: { publisherId: 'contoso', offerId, title: null },
    description: null,
    customer: {
      original: {
        firstName: null,
        lastName: null,
        email: `${customerId}@x.org`,
        phone: null,
        country: null,
        company: null,
        title: null,
      },
      normalised: {
        email: `${customerId}@x.org`,
        phone: null,
        country: null,
        firstName: null,
        lastName: null,
        fullName: null,
        company: null,
      },
    },
    contentHash: leadId,
    producer: { format: 'webhook', name: null, producerLeadId: null, idempotencyKey: null, occurredAt: null },
    matchedBy: null,
    isTest,
    unrecognized: false,
  };
  return { type: 'LeadReceived', data, metadata: meta } as CustomerEvent;
};

let eventNumber = 0;
const append = async (store: EventStore, customerId: string, events: ReadonlyArray<CustomerEvent>) => {
  await store.appendToStream(
    `customer-${customerId}`,
    events.map((e) => ({
      id: `00000000-0000-4000-8000-${String((eventNumber += 1)).padStart(12, '0')}`,
      type: e.type,
      data: e.data as unknown as JsonObject,
      metadata: e.metadata as unknown as JsonObject,
    })),
  );
};

/**
 * A small known history. Customer 1: trial Mon 5 Jan 09:00, install Wed 7 Jan 09:00 (48 h). Customer 2: trial
 * Tue 13 Jan 10:00, install Tue 13 Jan 16:00 (6 h). Customer 3: a trial, never installed. Customer 4: a test
 * lead (counted nowhere). Customer 5 installs on Thu 15 Jan 08:00 and is merged into customer 6, whose own
 * trial was on Wed 14 Jan 08:00 (24 h for the merged person).
 */
const knownHistory = async (): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  await append(store, '1', [
    lead('1', 'l1', '2026-01-05T09:00:00.000Z', 'StartTestDrive', 'crm'),
    lead('1', 'l2', '2026-01-07T09:00:00.000Z', 'INS', 'crm'),
  ]);
  await append(store, '2', [
    lead('2', 'l3', '2026-01-13T10:00:00.000Z', 'StartTestDrive', 'erp'),
    lead('2', 'l4', '2026-01-13T16:00:00.000Z', 'Create', 'erp'),
  ]);
  await append(store, '3', [lead('3', 'l5', '2026-01-14T10:00:00.000Z', 'StartTestDrive', 'crm')]);
  await append(store, '4', [lead('4', 'l6', '2026-01-14T11:00:00.000Z', 'StartTestDrive', 'crm', true)]);
  await append(store, '6', [lead('6', 'l7', '2026-01-14T08:00:00.000Z', 'StartTestDrive', 'crm')]);
  await append(store, '5', [lead('5', 'l8', '2026-01-15T08:00:00.000Z', 'INS', 'crm')]);
  const merge = { rule: 'email' as const, leadId: 'l9', mergedAt: '2026-01-15T09:00:00.000Z' };
  await append(store, '5', [
    {
      type: 'CustomerMergedInto',
      data: { customerId: '5', survivorId: '6', ...merge },
      metadata: meta,
    } as CustomerEvent,
  ]);
  return store;
};

describe('ad-hoc replay and the example projections in docs/examples', () => {
  it('counts leads per offer per ISO week, test leads left out', async () => {
    const store = await knownHistory();
    const outcome = await replay({ store }, leadsPerOfferPerWeek);
    expect(outcome.result).toEqual({
      'contoso.crm': { '2026-W02': 2, '2026-W03': 3 },
      'contoso.erp': { '2026-W03': 2 },
    });
    expect(outcome).toMatchObject({ read: 9, applied: 9, undecodable: 0 });
  });

  it('measures the time from trial to install, following a merge to the surviving customer', async () => {
    const store = await knownHistory();
    const { result } = await replay({ store }, trialToInstall);
    // 48 h, 6 h and 24 h; customer 3 started a trial and never installed
    expect(result).toEqual({ trials: 4, installed: 3, medianHours: 24, p90Hours: 48 });
  });

  it('gives the projection only the events inside the window and the filter, in log order', async () => {
    const store = await knownHistory();
    const seen: Projection<string[]> = {
      init: () => [],
      apply: (ids, e) => [...ids, `${e.customerId}:${e.type}`],
      result: (ids) => ids,
    };
    const all = await replay({ store, filter: { customerIds: ['5', '1'] } }, seen);
    expect(all.result).toEqual([
      '1:LeadReceived',
      '1:LeadReceived',
      '5:LeadReceived',
      '5:CustomerMergedInto',
    ]);
    const typed = await replay({ store, filter: { types: ['CustomerMergedInto'] }, pageSize: 2 }, seen);
    expect(typed.result).toEqual(['5:CustomerMergedInto']);
    // Recorded times are the in-memory store's clock: a window ending before the replay saw nothing.
    const none = await replay({ store, until: new Date(Date.now() - 60_000) }, seen);
    expect(none).toMatchObject({ result: [], applied: 0, read: 9 });
    expect(isoWeek('2026-01-04T23:59:00.000Z')).toBe('2026-W01');
    expect(isoWeek('2027-01-01T00:00:00.000Z')).toBe('2026-W53');
  });
});
