import { customerStreamName } from '@leadflow/contracts';
import { Kafka, logLevel } from 'kafkajs';
import {
  eventually,
  foldCustomer,
  openCount,
  startFollowUpStack,
  syntheticLead,
  topicMessageCount,
  type FollowUpStack,
} from './followups.harness';

type Accepted = { leadId: string; customerId: string };

// Task completion and contact preference through the API, with publisher and followups on the real broker.
describe('follow-ups over Kafka: tasks, outcomes, stages', () => {
  let stack: FollowUpStack;
  const runId = Date.now().toString(36);
  let n = 0;
  let sent = 0;

  beforeAll(async () => {
    stack = await startFollowUpStack('fuflow', {
      env: { LEADFLOW_FOLLOWUPS_RETRIES: '2', LEADFLOW_FOLLOWUPS_BACKOFF_MS: '50' },
    });
  }, 180_000);
  afterAll(() => stack?.stop());

  const newLead = async (action: 'PLT' | 'StartTestDrive' | 'DNC', person = (n += 1)) => {
    const body = syntheticLead(person, action, runId, `delivery ${(sent += 1)}`);
    const { status, json } = await stack.post('/v1/leads', body);
    expect(status).toBe(202);
    return { ...(json as Accepted), person };
  };
  // Tasks and stages are read back through the read API (GET /v1/tasks, GET /v1/customers/{id}).
  const openTaskOf = async (customerId: string, kind: string, done: ReadonlyArray<string> = []) => {
    let id: string | undefined;
    const found = await eventually(
      async () => {
        const { json } = await stack.get(`/v1/tasks?customerId=${customerId}&status=open&kind=${kind}`);
        const items = (json as { items?: Array<{ taskId: string }> }).items ?? [];
        id = items.find((t) => !done.includes(t.taskId))?.taskId;
        return id !== undefined;
      },
      30_000,
      200,
    );
    if (!found) throw new Error(`no open ${kind} task on ${customerId}`);
    return id!;
  };
  const complete = (taskId: string, outcome: string) =>
    stack.post(`/v1/tasks/${taskId}/complete`, { outcome, note: 'called', by: 'sales@example.org' });
  const customerView = async (customerId: string) =>
    (await stack.get(`/v1/customers/${customerId}`)).json as {
      stage: string | null;
      flags?: { optedOut?: boolean };
    };
  const stageOf = async (customerId: string, expected: string) => {
    let stage: string | null = null;
    await eventually(async () => (stage = (await customerView(customerId)).stage) === expected, 30_000, 200);
    return stage;
  };

  it('opens first-contact and trial-check-in for a StartTestDrive lead, once, and forwards them to leads.followups', async () => {
    // Given a trial lead
    const lead = await newLead('StartTestDrive');
    // Then both tasks open, exactly once each
    await openTaskOf(lead.customerId, 'first-contact');
    await openTaskOf(lead.customerId, 'trial-check-in');
    const state = await foldCustomer(stack.store, lead.customerId);
    expect(openCount(state, 'first-contact')).toBe(1);
    expect(openCount(state, 'trial-check-in')).toBe(1);
    // And the task messages reach leads.followups
    const topic = `${stack.topicPrefix}leads.followups`;
    expect(
      await eventually(async () => (await topicMessageCount(stack.env.KAFKA_BROKERS!, topic)) >= 2, 20_000),
    ).toBe(true);
  });

  it.each([
    ['qualified', 'qualified'],
    ['won', 'won'],
    ['disqualified', 'disqualified'],
    ['lost', 'lost'],
  ])('completing first contact with %s moves the customer to %s', async (outcome, stage) => {
    const lead = await newLead('PLT');
    const taskId = await openTaskOf(lead.customerId, 'first-contact');
    const answer = await complete(taskId, outcome);
    expect(answer.status).toBe(200);
    expect(await stageOf(lead.customerId, stage)).toBe(stage);
    // Repeating the same outcome changes nothing; another outcome is a conflict
    expect((await complete(taskId, outcome)).json).toMatchObject({ changed: false });
    expect((await complete(taskId, 'contacted')).status).toBe(409);
  });

  it('opted-out suppresses every task until opted in again', async () => {
    const lead = await newLead('PLT');
    const taskId = await openTaskOf(lead.customerId, 'first-contact');
    expect((await complete(taskId, 'opted-out')).status).toBe(200);
    // A new lead opens nothing while opted out
    const again = await newLead('StartTestDrive', lead.person);
    expect(again.customerId).toBe(lead.customerId);
    await new Promise((r) => setTimeout(r, 3000));
    let state = await foldCustomer(stack.store, lead.customerId);
    expect(state.optedOut).toBe(true);
    expect(
      await eventually(
        async () => (await customerView(lead.customerId)).flags?.optedOut === true,
        30_000,
        200,
      ),
    ).toBe(true);
    expect(state.tasks.filter((t) => t.status === 'open')).toEqual([]);
    // Opting back in through the API lets the next lead open first contact
    const pref = await stack.post(`/v1/customers/${lead.customerId}/contact-preference`, {
      optedOut: false,
      reason: 'asked again',
    });
    expect(pref.status).toBe(200);
    await newLead('PLT', lead.person);
    await openTaskOf(lead.customerId, 'first-contact');
    state = await foldCustomer(stack.store, lead.customerId);
    expect(state.optedOut).toBe(false);
  });

  it('runs the nurture sequence after no-response, ends in nurturing, and a new lead reopens follow-up', async () => {
    const lead = await newLead('PLT');
    const first = await openTaskOf(lead.customerId, 'first-contact');
    expect((await complete(first, 'no-response')).status).toBe(200);
    const completed: string[] = [];
    for (let step = 1; step <= 4; step += 1) {
      const email = await openTaskOf(lead.customerId, 'nurture-email', completed);
      completed.push(email);
      const state = await foldCustomer(stack.store, lead.customerId);
      expect(state.tasks.find((t) => t.taskId === email)?.nurture?.step).toBe(step);
      expect((await complete(email, 'no-response')).status).toBe(200);
    }
    expect(await stageOf(lead.customerId, 'nurturing')).toBe('nurturing');
    await new Promise((r) => setTimeout(r, 1500));
    expect(openCount(await foldCustomer(stack.store, lead.customerId), 'nurture-email')).toBe(0);
    // A new marketplace lead brings the customer back and reopens first contact
    await newLead('PLT', lead.person);
    await openTaskOf(lead.customerId, 'first-contact');
    expect(await stageOf(lead.customerId, 'interest')).toBe('interest');
  });

  it('answers bad bodies with problem+json field paths and unknown tasks with 404', async () => {
    const bad = await stack.post('/v1/tasks/nope/complete', { outcome: 'maybe' });
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('/outcome');
    expect((await stack.post('/v1/tasks/nope/complete', { outcome: 'won' })).status).toBe(404);
    const pref = await stack.post('/v1/customers/x/contact-preference', { optedOut: 'yes' });
    expect(pref.status).toBe(400);
    expect((pref.json as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('/optedOut');
  });

  it('moves a poison message to leads.lifecycle.dlq after the retries, with its error, and keeps the partition moving', async () => {
    // Given a valid envelope whose data the handler rejects, keyed like a real customer
    const lead = await newLead('PLT');
    await openTaskOf(lead.customerId, 'first-contact');
    const kafka = new Kafka({
      clientId: 'poison',
      brokers: stack.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const poisonId = `poison-${runId}`;
    await producer.send({
      topic: `${stack.topicPrefix}leads.lifecycle`,
      messages: [
        {
          key: lead.customerId,
          value: JSON.stringify({
            specversion: '1.0',
            id: poisonId,
            source: '/test',
            type: 'leadflow.customer.LeadReceived.v1',
            subject: lead.customerId,
            time: new Date().toISOString(),
            datacontenttype: 'application/json',
            data: { leadId: 42 },
          }),
          headers: { 'message-id': poisonId },
        },
      ],
    });
    await producer.disconnect();
    // Then it reaches the DLQ with the error in its headers
    const dlq = `${stack.topicPrefix}leads.lifecycle.dlq`;
    const consumer = kafka.consumer({ groupId: `dlq-reader-${runId}` });
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    const headers = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing reached the DLQ')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
        },
      });
    });
    await consumer.disconnect();
    expect(headers['message-id']).toBe(poisonId);
    expect(headers['x-error-name']).toBe('PoisonMessage');
    expect(headers['x-error-message']).toContain('MalformedEvent');
    expect(headers['x-error-attempts']).toBe('3');
    // And the same partition keeps moving: a later lead of the same customer is handled
    await newLead('StartTestDrive', lead.person);
    await openTaskOf(lead.customerId, 'trial-check-in');
    expect(customerStreamName(lead.customerId)).toContain(lead.customerId);
  });
});
