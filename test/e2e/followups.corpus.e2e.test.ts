import { deliveryText, loadSampleDeliveries, loadSampleTruth } from '../infra';
import {
  eventually,
  foldCustomer,
  openCount,
  startFollowUpStack,
  topicMessageCount,
  type FollowUpStack,
} from './followups.harness';

type Accepted = { leadId: string; customerId: string };
type TaskPage = { items: Array<{ taskId: string; kind: string; status: string }>; nextCursor: string | null };

// The sample corpus through the HTTP API with publisher and followups on the real broker; task
// counts read back through the read API (GET /v1/tasks) and compared with truth.json.
describe('follow-ups: the sample corpus end to end over Kafka', () => {
  const deliveries = loadSampleDeliveries();
  const truth = loadSampleTruth();
  let stack: FollowUpStack;
  const customerOfPerson = new Map<string, string>();

  beforeAll(async () => {
    stack = await startFollowUpStack('fucorpus');
    const leadOfPerson = new Map<string, string>();
    for (const d of deliveries) {
      const answer = await stack.post('/v1/leads', deliveryText(d), d.headers);
      if (answer.status >= 300 || d.expect.person === undefined) continue;
      leadOfPerson.set(String(d.expect.person), (answer.json as Accepted).leadId);
    }
    // A person's customer is the current (post-merge) customer of any of its leads.
    for (const [person, leadId] of leadOfPerson) {
      const { json } = await stack.get(`/v1/leads/${leadId}`);
      customerOfPerson.set(person, (json as Accepted).customerId);
    }
  }, 300_000);
  afterAll(() => stack?.stop());

  const openTasksOf = async (customerId: string, kind: string): Promise<number> => {
    const { status, json } = await stack.get(
      `/v1/tasks?customerId=${encodeURIComponent(customerId)}&status=open&kind=${kind}&limit=100`,
    );
    if (status !== 200) throw new Error(`GET /v1/tasks answered ${status}: ${JSON.stringify(json)}`);
    return (json as TaskPage).items.length;
  };

  const mismatches = async (read: (customerId: string, kind: string) => Promise<number>) => {
    const wrong: string[] = [];
    for (const [person, expected] of Object.entries(truth)) {
      const customerId = customerOfPerson.get(person);
      if (customerId === undefined) {
        if (expected.openFirstContact + expected.openTrialCheckIn > 0)
          wrong.push(`person ${person}: no customer`);
        continue;
      }
      const firstContact = await read(customerId, 'first-contact');
      const trial = await read(customerId, 'trial-check-in');
      if (firstContact !== expected.openFirstContact || trial !== expected.openTrialCheckIn)
        wrong.push(
          `person ${person}: first-contact ${firstContact}/${expected.openFirstContact}, trial-check-in ${trial}/${expected.openTrialCheckIn}`,
        );
    }
    return wrong;
  };

  it('has every customer’s open first-contact and trial-check-in counts of truth.json in the read API', async () => {
    let wrong: string[] = [];
    await eventually(async () => (wrong = await mismatches(openTasksOf)).length === 0, 90_000, 1000);
    expect(wrong).toEqual([]);
  });

  it('agrees with the fold of the customer streams, and the DLQ is empty', async () => {
    const fromStore = async (customerId: string, kind: string) =>
      openCount(await foldCustomer(stack.store, customerId), kind);
    expect(await mismatches(fromStore)).toEqual([]);
    expect(await topicMessageCount(stack.env.KAFKA_BROKERS!, `${stack.topicPrefix}leads.lifecycle.dlq`)).toBe(
      0,
    );
  });
});
