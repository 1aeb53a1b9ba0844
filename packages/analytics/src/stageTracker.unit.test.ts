import { decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import { foldEvents, initialState, openTasks } from '@leadflow/domain';
import { getInMemoryEventStore, type JsonObject, type RecordedEvent } from '@leadflow/eventstore';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { arbCompletion, arbLeadStep, leadCommand } from '../../domain/src/testing/arbitraries';
import { at, meta, run, runWithPolicy } from '../../domain/src/testing/fixtures';
import { createStageTracker, decodeRecorded } from './stageTracker';

const arbStep = fc.oneof(
  arbLeadStep.map((lead) => ({ kind: 'lead' as const, lead })),
  arbCompletion.map((c) => ({ kind: 'complete' as const, ...c })),
);

describe('stage tracker', () => {
  it('gives the stage of a full fold of the stream up to each event, whatever the start, page and cache size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(arbStep, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5 }),
        async (histories, seed, capacity, startPick, pageSize) => {
          // Given several customers' histories appended interleaved (one decision per append)
          const store = getInMemoryEventStore();
          const pending = histories.map((steps, c) => ({
            c,
            steps: [...steps],
            state: initialState(),
            n: 0,
          }));
          let turn = seed;
          while (pending.some((p) => p.steps.length > 0)) {
            const live = pending.filter((p) => p.steps.length > 0);
            const p = live[turn++ % live.length]!;
            const step = p.steps.shift()!;
            let events: CustomerEvent[] = [];
            if (step.kind === 'lead') {
              const command = leadCommand(step.lead, p.n);
              const own = {
                ...command,
                data: { ...command.data, customerId: `cus-${p.c}`, leadId: `lead-${p.c}-${p.n}` },
              };
              ({ state: p.state, events } = runWithPolicy(p.state, own as typeof command, at(p.n)));
            } else {
              const open = openTasks(p.state);
              const task = open[step.pick % Math.max(open.length, 1)];
              if (task !== undefined)
                ({ state: p.state, events } = run(p.state, {
                  type: 'CompleteFollowUp',
                  data: {
                    taskId: task.taskId,
                    outcome: step.outcome,
                    note: null,
                    by: null,
                    completedAt: at(p.n + 0.5),
                  },
                  metadata: meta,
                }));
            }
            p.n += 1;
            if (events.length > 0)
              await store.appendToStream(
                `customer-cus-${p.c}`,
                events.map((e, i) => ({
                  id: `00000000-0000-4000-8000-${String(p.c).padStart(4, '0')}${String(p.n * 100 + i).padStart(8, '0')}`,
                  type: e.type,
                  data: e.data as unknown as JsonObject,
                  metadata: e.metadata as unknown as JsonObject,
                })),
              );
          }
          const log: RecordedEvent[] = [...(await store.readAll({ maxCount: 10_000 }))];
          // When a tracker with a tiny cache meets the log from a random position on
          const start = startPick % log.length;
          const tracker = createStageTracker(store, capacity);
          const pages = log.slice(start);
          const applied = [];
          for (let i = 0; i < pages.length; i += pageSize) {
            const page = pages.slice(i, i + pageSize);
            await tracker.prepare(page);
            for (const event of page)
              applied.push({ event, state: tracker.apply(event, decodeRecorded(event)) });
          }
          for (const { event, state } of applied) {
            // Then its stage is the stage of folding the stream's events up to this one
            const upTo = log
              .filter((e) => e.streamName === event.streamName && e.streamRevision <= event.streamRevision)
              .map((e) => {
                const decoded = decodeStoredEvent(e);
                if (E.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left));
                return decoded.right;
              });
            expect(state?.stage ?? null).toEqual(foldEvents(initialState(), upTo).stage);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
