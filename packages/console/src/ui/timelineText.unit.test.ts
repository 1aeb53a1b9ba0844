import { eventSummary } from './timelineText';

const event = (type: string, data: Record<string, unknown>) => ({
  position: '1',
  type,
  recordedAt: '2026-06-01T12:00:00Z',
  streamName: 'customer-1',
  data,
});

describe('timeline lines for routing and personal data', () => {
  it('names the rep a task went to, with the rule or the reason a person gave', () => {
    expect(
      eventSummary(event('FollowUpAssigned', { assignee: 'rep-ada', rule: 'default-pool', reason: null })),
    ).toBe('task assigned to rep-ada (by default-pool)');
    expect(
      eventSummary(
        event('FollowUpAssigned', { assignee: 'rep-cy', rule: 'manual', reason: 'Ada is on leave' }),
      ),
    ).toBe('task reassigned to rep-cy (Ada is on leave)');
    expect(
      eventSummary(event('FollowUpAssigned', { assignee: 'rep-cy', rule: 'manual', reason: null })),
    ).toBe('task reassigned to rep-cy');
  });

  it('says why personal data was erased', () => {
    expect(eventSummary(event('PersonalDataErased', { reason: 'request' }))).toBe(
      'personal data erased on request',
    );
    expect(eventSummary(event('PersonalDataErased', { reason: 'retention' }))).toBe(
      'personal data erased: the retention period ran out',
    );
  });
});
