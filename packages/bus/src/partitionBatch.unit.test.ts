import type { KafkaMessage } from 'kafkajs';
import { handlePartitionBatch } from './partitionBatch';

const msg = (offset: number, key: string): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from(key),
    value: Buffer.from(''),
    headers: {},
  }) as unknown as KafkaMessage;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('partition batch with several keys at once', () => {
  it('keeps each key in order and resolves offsets only contiguously', async () => {
    // Given a batch where key "a" is slow and "b" fast
    const messages = [msg(0, 'a'), msg(1, 'b'), msg(2, 'a'), msg(3, 'b'), msg(4, 'c')];
    const handled: string[] = [];
    const resolved: string[] = [];
    await handlePartitionBatch({
      messages,
      width: 3,
      handle: async (m) => {
        await sleep(m.key?.toString() === 'a' ? 30 : 1);
        handled.push(`${m.key?.toString()}${m.offset}`);
        return 'done';
      },
      resolveOffset: (o) => resolved.push(o),
      heartbeat: async () => {},
      keepGoing: () => true,
    });
    // Then per key the order holds, and offsets were resolved in order without gaps
    expect(handled.filter((h) => h.startsWith('a'))).toEqual(['a0', 'a2']);
    expect(handled.filter((h) => h.startsWith('b'))).toEqual(['b1', 'b3']);
    expect(resolved).toEqual(['0', '1', '2', '3', '4']);
  });

  it('stops at a failure, resolves nothing past it and rethrows', async () => {
    const resolved: string[] = [];
    await expect(
      handlePartitionBatch({
        messages: [msg(0, 'a'), msg(1, 'b'), msg(2, 'a')],
        width: 1,
        handle: async (m) => {
          if (m.offset === '1') throw new Error('dlq unreachable');
          return 'done';
        },
        resolveOffset: (o) => resolved.push(o),
        heartbeat: async () => {},
        keepGoing: () => true,
      }),
    ).rejects.toThrow('dlq unreachable');
    expect(resolved).toEqual(['0']);
  });
});
