import { decodeStoredEvent } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import {
  allCustomerStreams,
  compareWithReference,
  eventually,
  postLoad,
  startFollowUpStack,
  topicMessageCount,
} from './followups.harness';

// Sized by env so the run fits a shared 2-core machine (2,000 leads: about 90 s);
// ROUTING_FAULT_LEADS=5000 for the full run (about 150 s there).
const LEADS = Number(process.env.ROUTING_FAULT_LEADS ?? 2000);
const SETTLE_MS = Number(process.env.ROUTING_FAULT_SETTLE_MS ?? 180_000);
const FAST_GROUP = { LEADFLOW_KAFKA_SESSION_TIMEOUT_MS: '6000', LEADFLOW_FOLLOWUPS_CONCURRENCY: '3' };

const log = (line: string) => process.stdout.write(`[routing.faults] ${line}\n`);

// The synthetic load's customers are all in Germany: two German reps and one default-pool rep, who
// must never be chosen while a German rep has room (no capacity limit here).
const REPS = [
  { id: 'de-a', name: 'Rep A', territories: { countries: ['DE'], offers: [] } },
  { id: 'de-b', name: 'Rep B', territories: { countries: ['DE'], offers: [] } },
  { id: 'fr-c', name: 'Rep C', territories: { countries: ['FR'], offers: [] } },
  { id: 'pool', name: 'Pool', territories: { countries: [], offers: [] } },
];

describe('routing under faults (real broker)', () => {
  it(`two followups consumers, one killed -9 during ${LEADS} leads: every task assigned exactly once, in territory`, async () => {
    const stack = await startFollowUpStack('rtkill', { env: FAST_GROUP, followups: 2 });
    try {
      for (const rep of REPS) expect((await stack.post('/v1/reps', rep)).status).toBe(201);
      const runId = `rt${Date.now().toString(36)}`;
      const load = postLoad(stack, LEADS, runId);
      await new Promise((r) => setTimeout(r, 4000));
      await stack.followups.shift()!.kill();
      await new Promise((r) => setTimeout(r, 3000));
      await stack.startFollowups();
      const seconds = await load;
      log(`${LEADS} leads posted in ${seconds.toFixed(1)} s with one kill -9`);
      const settled = await eventually(
        async () => {
          const r = await compareWithReference(stack.store);
          if (r.lost.length > 0 || r.expectedTotal === 0) return false;
          // Every open task assigned (nobody is at capacity): wait for the last assignments too.
          let unassigned = 0;
          for (const [, recorded] of await allCustomerStreams(stack.store)) {
            const tasks = new Set(
              recorded.filter((e) => e.type === 'FollowUpScheduled').map((e) => e.data['taskId']),
            );
            for (const e of recorded) if (e.type === 'FollowUpAssigned') tasks.delete(e.data['taskId']);
            unassigned += tasks.size;
          }
          return unassigned === 0;
        },
        SETTLE_MS,
        2000,
      );
      expect(settled).toBe(true);
      const doubled: string[] = [];
      const outside: string[] = [];
      const perRep = new Map<string, number>();
      // Round robin among the German reps: the owner rule moves no turn, so only those assignments count.
      const inTurn = new Map<string, number>();
      let tasks = 0;
      for (const [stream, recorded] of await allCustomerStreams(stack.store)) {
        const assignments = new Map<string, string[]>();
        for (const stored of recorded) {
          const decoded = decodeStoredEvent(stored);
          if (E.isLeft(decoded)) throw new Error(`unreadable ${stored.type} in ${stream}`);
          const event = decoded.right;
          if (event.type === 'FollowUpScheduled') assignments.set(event.data.taskId, []);
          if (event.type === 'FollowUpAssigned') {
            assignments.get(event.data.taskId)?.push(event.data.assignee);
            if (event.data.rule === 'territory')
              inTurn.set(event.data.assignee, (inTurn.get(event.data.assignee) ?? 0) + 1);
          }
        }
        for (const [taskId, reps] of assignments) {
          tasks += 1;
          if (reps.length !== 1) doubled.push(`${stream}:${taskId}:${reps.join(',')}`);
          for (const rep of reps) {
            perRep.set(rep, (perRep.get(rep) ?? 0) + 1);
            if (rep !== 'de-a' && rep !== 'de-b') outside.push(`${stream}:${taskId}:${rep}`);
          }
        }
      }
      log(
        `${tasks} tasks: ${JSON.stringify(Object.fromEntries(perRep))}; in turn ${JSON.stringify(Object.fromEntries(inTurn))}`,
      );
      const turns = [inTurn.get('de-a') ?? 0, inTurn.get('de-b') ?? 0];
      expect(Math.abs(turns[0]! - turns[1]!)).toBeLessThanOrEqual(1);
      expect({ doubled: doubled.slice(0, 5), outside: outside.slice(0, 5) }).toEqual({
        doubled: [],
        outside: [],
      });
      expect(tasks).toBeGreaterThan(0);
      const dlq = await topicMessageCount(
        stack.env.KAFKA_BROKERS!,
        `${stack.topicPrefix}leads.lifecycle.dlq`,
      );
      expect(dlq).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 600_000);
});
