import { defaultFollowUpConfig } from '@leadflow/domain';
import fc from 'fast-check';
import { simulatePolicy } from './simulate';
import { arbHistory, logStore, recordHistory } from './testing/randomHistory';

const scheduledIds = (log: ReturnType<typeof recordHistory>): string[] =>
  log.flatMap((e) => (e.type === 'FollowUpScheduled' ? [(e.data as { taskId: string }).taskId] : [])).sort();

describe('policy simulation', () => {
  it('with today’s settings opens exactly the tasks of the log, for random histories with merges', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory({ maxSteps: 18 }), async (steps) => {
        // Given a history written by the domain's write path and follow-up policy
        const log = recordHistory(steps);
        // When it is simulated with the same settings
        const { tasks, report } = await simulatePolicy({
          store: logStore(log),
          config: defaultFollowUpConfig,
        });
        // Then the simulated tasks are the logged ones, id by id
        expect(tasks.map((t) => t.taskId).sort()).toEqual(scheduledIds(log));
        expect(report.total.opened).toBe(scheduledIds(log).length);
      }),
      { numRuns: 150 },
    );
  });

  it('moves due times with the settings and judges them against the real completions', async () => {
    // Given a first contact completed (no response) 5 hours after the lead, and a nurture email never answered
    const log = recordHistory([
      { type: 'lead', person: 0, withEmail: true, phoneOf: null, action: 'PLT', isTest: false },
      ...Array.from({ length: 7 }, () => ({
        type: 'lead' as const,
        person: 1,
        withEmail: false,
        phoneOf: null,
        action: null,
        isTest: false,
      })),
      { type: 'complete', pick: 0, outcome: 'no-response' },
    ]);
    const store = logStore(log);
    const now = '2026-04-30T00:00:00.000Z';
    const today = await simulatePolicy({ store, config: defaultFollowUpConfig, now });
    const strict = await simulatePolicy({
      store,
      config: { ...defaultFollowUpConfig, firstContactDelayHours: 4, nurtureDays: [1] },
      now,
    });
    const kinds = (r: typeof today) => r.tasks.map((t) => [t.kind, t.status, t.overdue]);
    // Today: answered in time, the first nurture email open and past due by the end of April
    expect(kinds(today)).toEqual([
      ['first-contact', 'completed', false],
      ['nurture-email', 'open', true],
    ]);
    // A 4-hour SLA: the same first contact was late; the nurture sequence has one step
    expect(kinds(strict)).toEqual([
      ['first-contact', 'completed', true],
      ['nurture-email', 'open', true],
    ]);
    expect(strict.report.byKind['first-contact']).toMatchObject({ opened: 1, completedLate: 1, overdue: 1 });
    expect(strict.tasks[1]!.dueAt).toBe(
      new Date(Date.parse(strict.tasks[0]!.completedAt!) + 86_400_000).toISOString(),
    );
    expect(today.report.actualOpened).toMatchObject({ 'first-contact': 1, 'nurture-email': 1 });
  });
});
