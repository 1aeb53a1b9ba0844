/** Words for a span of time, largest units first: `2 d 4 h`, `35 min`, `less than a minute`. */
export const spanText = (milliseconds: number): string => {
  const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
};

/** How urgent an open task is: overdue, at risk (due within `atRiskMs`) or on time. */
export type Urgency = 'overdue' | 'at-risk' | 'on-time';

/** Tasks due within this span are "at risk": the next few hours decide them. */
export const AT_RISK_MS = 4 * 3600_000;

export const urgencyOf = (dueAt: string, now: number, atRiskMs = AT_RISK_MS): Urgency => {
  const left = Date.parse(dueAt) - now;
  if (left < 0) return 'overdue';
  return left <= atRiskMs ? 'at-risk' : 'on-time';
};

/** `due in 3 h` or `overdue by 2 d 4 h`. */
export const dueText = (dueAt: string, now: number): string => {
  const left = Date.parse(dueAt) - now;
  return left < 0 ? `overdue by ${spanText(left)}` : `due in ${spanText(left)}`;
};

/** Speed-to-lead and other durations given in seconds; `—` when there is none yet. */
export const secondsText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '—' : spanText(seconds * 1000);

/** A rate as a percentage with at most one decimal; `—` when undefined (nothing to convert from). */
export const rateText = (rate: number | null | undefined): string =>
  rate === null || rate === undefined || !Number.isFinite(rate)
    ? '—'
    : `${(Math.round(rate * 1000) / 10).toLocaleString()} %`;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp in the browser's own locale and time zone. */
export const dateTimeText = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
};

/**
 * An open task's urgency as the API flags it: overdue once past due, at risk once the SLA says so
 * (`atRisk`); a server without routing sends no flag, and then "due within 4 h" stands in for it.
 */
export const taskUrgency = (
  task: { dueAt: string; status: string; atRisk?: boolean },
  now: number,
): Urgency | null => {
  if (task.status !== 'open') return null;
  const byTime = urgencyOf(task.dueAt, now);
  if (byTime === 'overdue' || task.atRisk === undefined) return byTime;
  return task.atRisk ? 'at-risk' : 'on-time';
};

/** Overdue open tasks first, then at-risk ones, then the rest, keeping the API's order (by due time) within each. */
export const urgentFirst = <T extends { dueAt: string; status: string; atRisk?: boolean }>(
  tasks: ReadonlyArray<T>,
  now: number,
): T[] => {
  const rank = (task: T) => {
    const urgency = taskUrgency(task, now);
    return urgency === 'overdue' ? 0 : urgency === 'at-risk' ? 1 : 2;
  };
  return [0, 1, 2].flatMap((r) => tasks.filter((task) => rank(task) === r));
};
