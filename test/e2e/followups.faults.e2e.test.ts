import {
  compareWithReference,
  eventually,
  postLoad,
  startFollowUpStack,
  topicMessageCount,
  type FollowUpStack,
} from './followups.harness';

// Heavy runs are sized by env: FOLLOWUPS_FAULT_LEADS=20000 for the full run; CI default 2000.
const LEADS = Number(process.env.FOLLOWUPS_FAULT_LEADS ?? 2000);
const KILLS = Number(process.env.FOLLOWUPS_FAULT_KILLS ?? 10);
const SETTLE_MS = Number(process.env.FOLLOWUPS_FAULT_SETTLE_MS ?? 240_000);
const FAST_GROUP = { LEADFLOW_KAFKA_SESSION_TIMEOUT_MS: '6000', LEADFLOW_FOLLOWUPS_CONCURRENCY: '3' };

const settle = async (stack: FollowUpStack) => {
  const settled = await eventually(
    async () => {
      const r = await compareWithReference(stack.store);
      return r.lost.length === 0 && r.expectedTotal > 0;
    },
    SETTLE_MS,
    2000,
  );
  const result = await compareWithReference(stack.store);
  const dlq = await topicMessageCount(stack.env.KAFKA_BROKERS!, `${stack.topicPrefix}leads.lifecycle.dlq`);
  return { settled, dlq, ...result };
};

const log = (line: string) => process.stdout.write(`[followups.faults] ${line}\n`);

describe('follow-ups under faults (real broker)', () => {
  it(`kill -9 of the followups consumer ${KILLS} times during a ${LEADS}-lead run loses and doubles nothing`, async () => {
    const stack = await startFollowUpStack('fukill', { env: FAST_GROUP });
    const started = Date.now();
    try {
      const runId = `k${Date.now().toString(36)}`;
      let loading = true;
      const load = postLoad(stack, LEADS, runId).finally(() => (loading = false));
      let kills = 0;
      let loadingAtLastKill = true;
      while (kills < KILLS) {
        await new Promise((r) => setTimeout(r, 1500));
        const victim = stack.followups.shift()!;
        await victim.kill();
        kills += 1;
        loadingAtLastKill = loading;
        await stack.startFollowups();
      }
      const loadSeconds = await load;
      log(
        `${LEADS} leads posted in ${loadSeconds.toFixed(1)} s; ${kills} kills (load still running at the last kill: ${loadingAtLastKill})`,
      );
      const result = await settle(stack);
      log(
        `settled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.expectedTotal} tasks expected`,
      );
      expect(result.settled).toBe(true);
      expect({
        lost: result.lost.slice(0, 5),
        doubled: result.doubled,
        unexpected: result.unexpected,
      }).toEqual({
        lost: [],
        doubled: [],
        unexpected: [],
      });
      expect(result.dlq).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 900_000);

  it(`a second consumer joining mid-run (rebalance) loses and doubles nothing`, async () => {
    const stack = await startFollowUpStack('furebal', { env: FAST_GROUP });
    const started = Date.now();
    try {
      const runId = `r${Date.now().toString(36)}`;
      const load = postLoad(stack, LEADS, runId);
      await new Promise((r) => setTimeout(r, 2000));
      await stack.startFollowups();
      const loadSeconds = await load;
      log(`rebalance: ${LEADS} leads in ${loadSeconds.toFixed(1)} s with 2 consumers`);
      const result = await settle(stack);
      log(
        `rebalance: settled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.expectedTotal} tasks`,
      );
      expect(result.settled).toBe(true);
      expect({
        lost: result.lost.slice(0, 5),
        doubled: result.doubled,
        unexpected: result.unexpected,
      }).toEqual({
        lost: [],
        doubled: [],
        unexpected: [],
      });
      expect(result.dlq).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 900_000);
});
