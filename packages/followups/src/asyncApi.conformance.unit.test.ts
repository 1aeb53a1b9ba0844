import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createMemoryBus, toKafkaMessage, type BusMessage } from '@leadflow/bus';
import {
  ASYNCAPI_FILE,
  Topics,
  contentHash,
  customerStreamName,
  decodeLead,
  dlqTopic,
  type CustomerEvent,
} from '@leadflow/contracts';
import {
  acceptLead,
  dedupKeyOf,
  defaultFollowUpConfig,
  emptyLeadFlow,
  type LeadFlow,
} from '@leadflow/domain';
import { getInMemoryEventStore, type EventStore, type JsonObject } from '@leadflow/eventstore';
import { createLogger } from '@leadflow/observability';
import Ajv, { type ValidateFunction } from 'ajv';
import * as E from 'fp-ts/Either';
import { createLifecycleHandler, type FollowUpDeps } from './lifecycleHandler';
import { customerIdOfStream, toLifecycleMessage } from './lifecycleMessage';
import { escalateOverdue } from './overdueScanner';
import type { RegisteredRep, Router } from './routing/router';
import { changeContactPreference, completeTask } from './taskCommands';

// The committed AsyncAPI document, as a consumer of leadflow's topics reads it.
type Doc = {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, { headers?: object; payload: object }> };
};
const doc = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../contracts', ASYNCAPI_FILE), 'utf8'),
) as Doc;

const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });
type MessageValidators = { name: string; headers: ValidateFunction | null; payload: ValidateFunction };

/** Validators of every message of the channel whose address is `address`. */
const channelMessages = (address: string): MessageValidators[] => {
  const channel = Object.values(doc.channels).find((c) => c.address === address);
  if (channel === undefined) throw new Error(`no channel ${address}`);
  return Object.values(channel.messages).map(({ $ref }) => {
    const name = $ref.replace('#/components/messages/', '');
    const message = doc.components.messages[name]!;
    return {
      name,
      headers: message.headers === undefined ? null : ajv.compile(message.headers),
      payload: ajv.compile(message.payload),
    };
  });
};

/** The names of the channel's messages this Kafka record matches, as the document describes it. */
const matches = (
  validators: ReadonlyArray<MessageValidators>,
  record: { headers: Record<string, string>; value: unknown },
): string[] =>
  validators
    .filter((v) => v.payload(record.value) && (v.headers === null || v.headers(record.headers)))
    .map((v) => v.name);

const onKafka = (message: BusMessage) => {
  const kafka = toKafkaMessage(message);
  return { headers: kafka.headers, value: JSON.parse(kafka.value) as unknown };
};

const lifecycleTopic = Topics.lifecycle;
const followupsTopic = Topics.followups;
const receivedAt = '2026-09-26T09:00:00.000Z';

const webhook = (user: Record<string, string>, leadSource: string) => ({
  UserDetails: user,
  LeadSource: leadSource,
});

/** A lead through the domain's write path (identity, merges), its events appended as the store keeps them. */
const ingest = async (store: EventStore, flow: LeadFlow, body: unknown): Promise<LeadFlow> => {
  const lead = decodeLead(body);
  if (E.isLeft(lead)) throw new Error(`bad test lead: ${JSON.stringify(lead.left)}`);
  const hash = contentHash(body);
  const leadId = randomUUID();
  const accepted = acceptLead(
    flow,
    { leadId, receivedAt, lead: lead.right, contentHash: hash, idempotencyKey: null },
    dedupKeyOf(null, lead.right, hash),
    { correlationId: leadId, causationId: leadId },
  );
  if (E.isLeft(accepted)) throw new Error(`lead refused: ${accepted.left.type}`);
  for (const { customerId, events } of accepted.right.appends) {
    if (events.length === 0) continue;
    const stored = events.map((e: CustomerEvent) => ({
      id: e.type === 'LeadReceived' ? leadId : randomUUID(),
      type: e.type,
      data: e.data as unknown as JsonObject,
      metadata: e.metadata as unknown as JsonObject,
    }));
    const appended = await store.appendToStream(customerStreamName(customerId), stored);
    if (E.isLeft(appended)) throw new Error('append failed');
  }
  return accepted.right.flow;
};

describe('the AsyncAPI document accepts the messages leadflow produces', () => {
  it('describes every lifecycle and follow-up message made from a run of leads, tasks and preferences', async () => {
    // Given the follow-up consumer on the in-process bus, and a publisher forwarding what the store holds
    const store = getInMemoryEventStore();
    const bus = createMemoryBus(createLogger('asyncapi-test', 'silent'));
    const now = () => new Date('2026-09-26T09:30:00.000Z');
    // A one-rep router (the SQL router is tested on PostgreSQL): tasks are assigned, overdue ones escalated.
    const rep: RegisteredRep = {
      status: 'registered',
      repId: 'rep-1',
      registeredAt: now().toISOString(),
      name: 'Sam',
      email: null,
      manager: 'boss',
      territories: { countries: [], offers: [] },
      capacity: null,
      active: true,
    };
    const claims = new Map<string, string>();
    const router: Router = {
      route: async (requests) =>
        requests.map((request) => {
          claims.set(request.taskId, 'rep-1');
          return { assignee: 'rep-1', rule: 'default-pool', candidates: ['rep-1'], pool: 'default' };
        }),
      claim: async (taskId, _customerId, repId) => void claims.set(taskId, repId),
      close: async () => {},
      assigneeOf: async (taskId) => claims.get(taskId) ?? null,
      rep: async (repId) => (repId === 'rep-1' ? rep : null),
      reps: async () => [rep],
      putRep: async () => {},
      unassigned: async () => [],
      openTasksOf: async () => [],
      loads: async () => new Map(),
    };
    const deps: FollowUpDeps = { store, bus, followupsTopic, config: defaultFollowUpConfig, now, router };
    await bus.subscribe({
      topic: lifecycleTopic,
      groupId: 'followups',
      handle: createLifecycleHandler(deps),
      retries: 0,
      initialBackoffMs: 1,
      maxBackoffMs: 1,
      dlqTopic: dlqTopic(lifecycleTopic),
    });
    let position: bigint | 'start' = 'start';
    const publishStored = async () => {
      for (;;) {
        const batch = await store.readAll({ fromPosition: position });
        if (batch.length === 0) return;
        position = batch[batch.length - 1]!.globalPosition;
        const messages = batch.flatMap((e) => {
          const customerId = customerIdOfStream(e.streamName);
          return customerId === null ? [] : [toLifecycleMessage(e, customerId)];
        });
        await bus.publish(lifecycleTopic, messages);
      }
    };

    // When an email lead, a DNC phone lead and a lead carrying both (a merge) arrive
    const bodies = [
      webhook(
        { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@contoso.com', Country: 'GB' },
        'AppSource (SPZA)-PLT | contoso.crm',
      ),
      webhook(
        { FirstName: 'Grace', LastName: 'Hopper', Phone: '+442079460000', Country: 'GB' },
        'AzurePortal-DNC | contoso.crm',
      ),
      webhook(
        { Email: 'ada@contoso.com', Phone: '+442079460000', Country: 'GB' },
        'AzureMarketplace-StartTestDrive | contoso.crm',
      ),
    ];
    let flow = emptyLeadFlow(null);
    for (const body of bodies) flow = await ingest(store, flow, body);
    await publishStored();
    // And a task is completed, another escalated as overdue, and the customer opts out
    const tasks = bus
      .published(followupsTopic)
      .map((m) => JSON.parse(m.value) as { type: string; subject: string; data: { taskId?: string } });
    const scheduled = tasks.filter((m) => m.type === 'leadflow.followup.task-scheduled.v1');
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    const [first, second] = scheduled as [(typeof scheduled)[0], (typeof scheduled)[0]];
    const taskIndex = { customerOf: async () => first.subject, close: async () => {} };
    const input = {
      taskId: first.data.taskId!,
      outcome: 'contacted' as const,
      note: null,
      by: 'sam',
      requestId: 'req-1',
    };
    expect(E.isRight(await completeTask({ store, taskIndex, now }, input))).toBe(true);
    await publishStored();
    expect(await escalateOverdue(deps, second.subject, '2027-01-01T00:00:00.000Z')).toBeGreaterThan(0);
    await publishStored();
    const optOut = {
      customerId: first.subject,
      optedOut: true,
      reason: 'asked',
      by: 'sam',
      requestId: 'req-2',
      idempotencyKey: null,
    };
    expect(E.isRight(await changeContactPreference({ store, now }, optOut))).toBe(true);
    await publishStored();
    // And a customer's personal data is erased (the erasure service appends this event to each stream)
    const erasedData = {
      customerId: second.subject,
      erasureId: randomUUID(),
      erasedAt: now().toISOString(),
      reason: 'request',
      customerIds: [second.subject],
    };
    await store.appendToStream(customerStreamName(second.subject), [
      {
        id: randomUUID(),
        type: 'PersonalDataErased',
        data: erasedData,
        metadata: {
          schemaVersion: 1,
          correlationId: erasedData.erasureId,
          causationId: erasedData.erasureId,
        },
      },
    ]);
    await publishStored();

    // Then every lifecycle message, as written to Kafka, is exactly one message of leads.lifecycle
    const lifecycle = channelMessages(lifecycleTopic);
    const lifecycleMatched = bus.published(lifecycleTopic).map((m) => matches(lifecycle, onKafka(m)));
    for (const names of lifecycleMatched) expect(names).toHaveLength(1);
    // And the run produced every lifecycle message the document names
    expect(new Set(lifecycleMatched.flat())).toEqual(new Set(lifecycle.map((v) => v.name)));
    // And every follow-up message is exactly one message of leads.followups, all four kinds produced
    const followUps = channelMessages(followupsTopic);
    const followUpMatched = bus.published(followupsTopic).map((m) => matches(followUps, onKafka(m)));
    for (const names of followUpMatched) expect(names).toHaveLength(1);
    expect(new Set(followUpMatched.flat())).toEqual(new Set(followUps.map((v) => v.name)));
    // And nothing was dead-lettered
    expect(bus.published(dlqTopic(lifecycleTopic))).toEqual([]);
    await bus.close();
  });

  it('describes a dead-lettered lifecycle message, and rejects a message the code would not write', async () => {
    // Given the follow-up consumer with no retries
    const store = getInMemoryEventStore();
    const bus = createMemoryBus(createLogger('asyncapi-test', 'silent'));
    const deps: FollowUpDeps = {
      store,
      bus,
      followupsTopic,
      config: defaultFollowUpConfig,
      now: () => new Date(),
    };
    await bus.subscribe({
      topic: lifecycleTopic,
      groupId: 'followups',
      handle: createLifecycleHandler(deps),
      retries: 0,
      initialBackoffMs: 1,
      maxBackoffMs: 1,
      dlqTopic: dlqTopic(lifecycleTopic),
    });
    // When a message it cannot read arrives
    const poison: BusMessage = { key: 'cus-1', id: 'poison-1', value: '{"specversion":"0.3"}' };
    await bus.publish(lifecycleTopic, [poison]);
    // Then the dead letter keeps the value and its headers are what the document says
    const [dead] = bus.published(dlqTopic(lifecycleTopic));
    expect(dead?.value).toBe(poison.value);
    const dlq = channelMessages(dlqTopic(lifecycleTopic));
    expect(matches(dlq, { headers: { ...dead!.headers }, value: dead!.value })).toEqual([
      'DeadLetteredLifecycleMessage',
    ]);
    // But headers without the error, or a lifecycle message of an unknown version, match nothing
    expect(matches(dlq, { headers: { 'message-id': 'poison-1' }, value: dead!.value })).toEqual([]);
    const lifecycle = channelMessages(lifecycleTopic);
    const stored = await store.appendToStream(customerStreamName('cus-2'), [
      {
        id: randomUUID(),
        type: 'FollowUpOverdue',
        data: { taskId: 't', customerId: 'cus-2', dueAt: receivedAt, detectedAt: receivedAt },
        metadata: { schemaVersion: 1, correlationId: 'c', causationId: 'c' },
      },
    ]);
    expect(E.isRight(stored)).toBe(true);
    const [recorded] = await store.readAll();
    const good = onKafka(toLifecycleMessage(recorded!, 'cus-2'));
    expect(matches(lifecycle, good)).toEqual(['LifecycleFollowUpOverdue']);
    const envelope = good.value as { type: string; data: Record<string, unknown> };
    expect(
      matches(lifecycle, { ...good, value: { ...envelope, type: 'leadflow.customer.FollowUpOverdue.v9' } }),
    ).toEqual([]);
    expect(
      matches(lifecycle, { ...good, value: { ...envelope, data: { ...envelope.data, dueAt: 7 } } }),
    ).toEqual([]);
    expect(matches(lifecycle, { headers: {}, value: envelope })).toEqual([]);
    await bus.close();
  });
});
