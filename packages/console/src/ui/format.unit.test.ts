import fc from 'fast-check';
import { dueText, overdueFirst, rateText, spanText, urgencyOf } from './format';

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

  it('puts overdue open tasks first and keeps the order within each group', () => {
    const now = 1_000_000;
    const task = fc.record({
      dueAt: fc.integer({ min: 0, max: 2_000_000 }).map((t) => new Date(t).toISOString()),
      status: fc.constantFrom('open', 'completed'),
      id: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(task, { maxLength: 30 }), (tasks) => {
        const sorted = overdueFirst(tasks, now);
        const late = (t: (typeof tasks)[number]) => t.status === 'open' && Date.parse(t.dueAt) < now;
        expect(sorted).toHaveLength(tasks.length);
        const firstOnTime = sorted.findIndex((t) => !late(t));
        if (firstOnTime >= 0) expect(sorted.slice(firstOnTime).some(late)).toBe(false);
        expect(sorted.filter(late)).toEqual(tasks.filter(late));
        expect(sorted.filter((t) => !late(t))).toEqual(tasks.filter((t) => !late(t)));
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
