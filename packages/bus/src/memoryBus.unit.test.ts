import { createLogger } from '@leadflow/observability';
import type { BusMessage } from './bus';
import { createMemoryBus } from './memoryBus';
import { withBoundedRetries } from './retry';

const logger = createLogger('bus-test', 'silent');
const message = (id: string, key = 'k'): BusMessage => ({ key, id, value: JSON.stringify({ id }) });
const fast = { retries: 2, initialBackoffMs: 1, maxBackoffMs: 2 };

describe('bounded retries', () => {
  it('stops after retries + 1 attempts and reports the last error', async () => {
    let attempts = 0;
    const exhausted = await withBoundedRetries(async () => {
      attempts += 1;
      throw new Error(`boom ${attempts}`);
    }, fast);
    expect(attempts).toBe(3);
    expect(exhausted).toMatchObject({ attempts: 3, error: { message: 'boom 3' } });
  });

  it('returns null once an attempt succeeds', async () => {
    let attempts = 0;
    const result = await withBoundedRetries(async () => {
      attempts += 1;
      if (attempts < 2) throw new Error('once');
    }, fast);
    expect(result).toBeNull();
    expect(attempts).toBe(2);
  });
});

describe('in-process bus', () => {
  it('delivers in order per subscription and dead-letters a failing message after its retries, then moves on', async () => {
    // Given a subscription whose handler rejects message "bad"
    const bus = createMemoryBus(logger);
    const seen: string[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'g',
      dlqTopic: 't.dlq',
      ...fast,
      handle: async (m) => {
        if (m.id === 'bad') throw new Error('rejected');
        seen.push(m.id);
      },
    });
    // When three messages are published
    await bus.publish('t', [message('a'), message('bad'), message('c')]);
    await bus.idle();
    // Then the good ones are handled in order and the bad one is in the DLQ with its error
    expect(seen).toEqual(['a', 'c']);
    const dlq = bus.published('t.dlq');
    expect(dlq.map((m) => m.id)).toEqual(['bad']);
    expect(dlq[0]?.headers).toMatchObject({ 'x-error-message': 'rejected', 'x-error-attempts': '3' });
    await bus.close();
  });

  it('stops delivering to a closed subscription', async () => {
    const bus = createMemoryBus(logger);
    const seen: string[] = [];
    const sub = await bus.subscribe({
      topic: 't',
      groupId: 'g',
      dlqTopic: 't.dlq',
      ...fast,
      handle: async (m) => void seen.push(m.id),
    });
    await bus.publish('t', [message('a')]);
    await bus.idle();
    await sub.close();
    await bus.publish('t', [message('b')]);
    await bus.idle();
    expect(seen).toEqual(['a']);
  });
});
