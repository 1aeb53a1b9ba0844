import type { TimelineEvent } from './types';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const field = (data: Record<string, unknown>, name: string): Record<string, unknown> =>
  typeof data[name] === 'object' && data[name] !== null ? (data[name] as Record<string, unknown>) : {};

/** One line saying what an event of the timeline means, from the fields it carries. */
export const eventSummary = (event: TimelineEvent): string => {
  const d = event.data;
  switch (event.type) {
    case 'LeadReceived': {
      const action = text(field(d, 'action').known) ?? text(field(d, 'action').raw) ?? 'lead';
      const source = text(field(d, 'source').known) ?? text(field(d, 'source').raw);
      const offer = text(field(d, 'offer').title) ?? text(field(d, 'offer').offerId);
      return [
        `${action} lead`,
        offer === null ? null : `for ${offer}`,
        source === null ? null : `from ${source}`,
      ]
        .filter((p) => p !== null)
        .join(' ');
    }
    case 'FollowUpScheduled':
      return `${text(d.kind) ?? 'follow-up'} task scheduled`;
    case 'FollowUpCompleted':
      return [
        `task completed as ${text(d.outcome) ?? 'done'}`,
        text(d.note) === null ? null : `— ${text(d.note)}`,
      ]
        .filter((p) => p !== null)
        .join(' ');
    case 'FollowUpOverdue':
      return `${text(d.kind) ?? 'follow-up'} task overdue`;
    case 'ContactPreferenceChanged':
      return d.optedOut === true ? 'opted out of contact' : 'opted back into contact';
    case 'FollowUpAssigned': {
      const rule = text(d.rule) === 'manual' ? 'reassigned' : 'assigned';
      const why = text(d.reason) ?? (text(d.rule) === 'manual' ? null : `by ${text(d.rule) ?? 'rule'}`);
      return [`task ${rule} to ${text(d.assignee) ?? 'a rep'}`, why === null ? null : `(${why})`]
        .filter((p) => p !== null)
        .join(' ');
    }
    case 'FollowUpAtRisk':
      return 'task at risk of going overdue';
    case 'PersonalDataErased':
      return d.reason === 'retention'
        ? 'personal data erased: the retention period ran out'
        : 'personal data erased on request';
    case 'CustomerMerged':
      return 'another customer was merged into this one';
    case 'CustomerMergedInto':
      return 'merged into another customer';
    default:
      return event.type;
  }
};
