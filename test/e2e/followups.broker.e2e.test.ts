import { startLocalKafka } from '../infra/kafkaLocal';
import { restartable, type RestartableKafka } from '../infra/kafkaRestart';
import {
  compareWithReference,
  eventually,
  postLoad,
  startFollowUpStack,
  topicMessageCount,
} from './followups.harness';

const LEADS = Number(process.env.FOLLOWUPS_FAULT_LEADS ?? 2000);
const OUTAGE_MS = Number(process.env.FOLLOWUPS_BROKER_OUTAGE_MS ?? 10_000);
const log = (line: string) => process.stdout.write(`[followups.broker] ${line}\n`);

// A dedicated broker (the run's broker is shared), stopped and started again in the middle of a run.
describe('follow-ups across a broker restart', () => {
  let kafka: RestartableKafka;

  beforeAll(async () => {
    kafka = restartable(await startLocalKafka());
  }, 180_000);
  afterAll(() => kafka?.stop());

  it(`stop and restart the broker mid-run (${LEADS} leads): every expected task exists exactly once, DLQ empty`, async () => {
    const stack = await startFollowUpStack('fubroker', {
      brokers: kafka.brokers,
      env: { LEADFLOW_KAFKA_SESSION_TIMEOUT_MS: '6000', LEADFLOW_KAFKA_PARTITIONS: '3' },
    });
    const started = Date.now();
    try {
      const load = postLoad(stack, LEADS, `b${Date.now().toString(36)}`);
      await new Promise((r) => setTimeout(r, 3000));
      await kafka.halt();
      log(`broker stopped at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await kafka.resume();
      log(`broker back at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const loadSeconds = await load;
      log(`${LEADS} leads posted in ${loadSeconds.toFixed(1)} s`);
      const settled = await eventually(
        async () => {
          const r = await compareWithReference(stack.store);
          return r.lost.length === 0 && r.expectedTotal > 0;
        },
        300_000,
        2000,
      );
      const result = await compareWithReference(stack.store);
      log(
        `settled=${settled} after ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.expectedTotal} tasks expected`,
      );
      expect({
        lost: result.lost.slice(0, 5),
        doubled: result.doubled,
        unexpected: result.unexpected,
      }).toEqual({
        lost: [],
        doubled: [],
        unexpected: [],
      });
      expect(await topicMessageCount(kafka.brokers, `${stack.topicPrefix}leads.lifecycle.dlq`)).toBe(0);
    } finally {
      await stack.stop();
    }
  }, 900_000);
});
