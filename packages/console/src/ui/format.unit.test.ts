import fc from 'fast-check';
import { dueText, rateText, spanText, taskUrgency, urgencyOf, urgentFirst } from './format';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('console formatting', () => {
  it('writes spans in days and hours, hours and minutes, or minutes', () => {
    expect(spanText(30_000)).toBe('less than a minute');
    expect(spanText(35 * MIN)).toBe('35 min');
    expect(spanText(3 * HOUR)).toBe('3 h');
    expect(spanText(3 * HOUR + 5 * MIN)).toBe('3 h 5 min');
    expect(spanText(2 * DAY + 4 * HOUR + 59 * MIN)).toBe('2 d 4 h');
    expect(spanText(-2 * DAY)).toBe('2 d');
  });

  it('adds up to the span it names, to the minute below the largest unit shown', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: 400 * DAY }), (ms) => {
        const parts = [...spanText(ms).matchAll(/(\d+) (d|h|min)/g)];
        const unit = { d: DAY, h: HOUR, min: MIN } as const;
        const named = parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit], 0);
        const smallest = unit[parts[parts.length - 1]![2] as keyof typeof unit];
        expect(named).toBeLessThanOrEqual(ms);
        expect(ms - named).toBeLessThan(smallest === DAY ? HOUR : smallest);
      }),
    );
  });

  it('says overdue by, or due in, against the clock', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(dueText('2026-06-01T09:00:00Z', now)).toBe('overdue by 3 h');
    expect(dueText('2026-06-02T12:00:00Z', now)).toBe('due in 1 d');
    expect(urgencyOf('2026-06-01T11:59:00Z', now)).toBe('overdue');
    expect(urgencyOf('2026-06-01T15:00:00Z', now)).toBe('at-risk');
    expect(urgencyOf('2026-06-02T15:00:00Z', now)).toBe('on-time');
  });

  it("takes the API's at-risk flag over the clock, and the clock where there is no flag", () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const open = (dueAt: string, atRisk?: boolean) => ({
      dueAt,
      status: 'open',
      ...(atRisk === undefined ? {} : { atRisk }),
    });
    expect(taskUrgency(open('2026-06-03T12:00:00Z', true), now)).toBe('at-risk');
    expect(taskUrgency(open('2026-06-01T13:00:00Z', false), now)).toBe('on-time');
    expect(taskUrgency(open('2026-06-01T13:00:00Z'), now)).toBe('at-risk');
    expect(taskUrgency(open('2026-06-01T11:00:00Z', false), now)).toBe('overdue');
    expect(taskUrgency({ ...open('2026-06-01T11:00:00Z', true), status: 'completed' }, now)).toBeNull();
  });

  it('puts overdue open tasks first, at-risk ones next, and keeps the order within each group', () => {
    const now = 1_000_000;
    const task = fc.record(
      {
        dueAt: fc.integer({ min: 0, max: 2_000_000 }).map((t) => new Date(t).toISOString()),
        status: fc.constantFrom('open', 'completed'),
        atRisk: fc.boolean(),
        id: fc.nat(),
      },
      { requiredKeys: ['dueAt', 'status', 'id'] },
    );
    fc.assert(
      fc.property(fc.array(task, { maxLength: 30 }), (tasks) => {
        const sorted = urgentFirst(tasks, now);
        const rank = (t: (typeof tasks)[number]) => {
          const urgency = taskUrgency(t, now);
          return urgency === 'overdue' ? 0 : urgency === 'at-risk' ? 1 : 2;
        };
        expect(sorted).toHaveLength(tasks.length);
        // Ranks never go down along the list, and each group keeps the API's order
        expect(sorted.map(rank)).toEqual(sorted.map(rank).sort((a, b) => a - b));
        for (const r of new Set(tasks.map(rank)))
          expect(sorted.filter((t) => rank(t) === r)).toEqual(tasks.filter((t) => rank(t) === r));
      }),
    );
  });

  it('writes rates as percentages, and none as a dash', () => {
    expect(rateText(null)).toBe('—');
    expect(rateText(Number.NaN)).toBe('—');
    expect(rateText(0.8)).toBe(`${(80).toLocaleString()} %`);
    expect(rateText(0.04166)).toBe(`${(4.2).toLocaleString()} %`);
  });
});
