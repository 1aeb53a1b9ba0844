import { createCommitNotifier } from './notifyAfterCommit';
import type { SqlExecutor } from './sqlExecutor';

/** An executor that records when each NOTIFY was sent; each takes 1 ms. */
const recording = () => {
  const sent: number[] = [];
  const executor = {
    query: async () => {
      sent.push(Date.now());
      await new Promise((r) => setTimeout(r, 1));
      return [];
    },
  } as unknown as SqlExecutor;
  return { sent, executor };
};

describe('commit notifier', () => {
  it('sends one NOTIFY after the last commit, and at most one per gap while commits keep coming', async () => {
    // Given a notifier with a 20 ms gap
    const { sent, executor } = recording();
    const notifier = createCommitNotifier(executor, 'ch', 20);

    // When 100 commits are reported over ~100 ms
    let lastCommit = 0;
    for (let i = 0; i < 100; i += 1) {
      notifier.appended();
      lastCommit = Date.now();
      await new Promise((r) => setTimeout(r, 1));
    }
    await notifier.drain();

    // Then some NOTIFYs went out, at least 20 ms apart, the last one after the last commit
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((Date.now() - sent[0]!) / 20) + 1);
    for (let i = 1; i < sent.length; i += 1) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(19);
    expect(sent[sent.length - 1]!).toBeGreaterThanOrEqual(lastCommit);
  });

  it('sends at once after an idle spell', async () => {
    const { sent, executor } = recording();
    const notifier = createCommitNotifier(executor, 'ch', 100);
    const at = Date.now();
    notifier.appended();
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toHaveLength(1);
    expect(sent[0]! - at).toBeLessThan(5);
    await notifier.drain();
  });
});
