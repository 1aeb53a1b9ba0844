import { Kafka, logLevel } from 'kafkajs';

/** Resolves once the broker list answers a metadata request; rejects after the timeout or when `gaveUp()` says so. */
export const waitForKafka = async (
  brokers: string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
) => {
  const kafka = new Kafka({
    clientId: 'leadflow-readiness',
    brokers: brokers.split(','),
    connectionTimeout: 1000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('the broker process exited');
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no metadata answer from ${brokers} within ${timeoutMs} ms: ${String(lastError)}`);
};
