import type { RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { followUpEventId } from './ids';
import { customerIdOfStream, decodeLifecycleMessage, toLifecycleMessage } from './lifecycleMessage';

const overdue: RecordedEvent = {
  id: '3b0c6c56-6f39-4b9e-9a43-4b1f3f1f0a01',
  type: 'FollowUpOverdue',
  data: {
    taskId: 't-1',
    customerId: 'c-1',
    dueAt: '2026-09-27T09:00:00.000Z',
    detectedAt: '2026-09-27T10:00:00.000Z',
  },
  metadata: { schemaVersion: 1, correlationId: 'corr', causationId: 'cause' },
  streamName: 'customer-c-1',
  streamRevision: 3n,
  globalPosition: 42n,
  createdAt: new Date('2026-09-27T10:00:00.000Z'),
};

describe('leads.lifecycle messages', () => {
  it('round-trips a stored event through the CloudEvents envelope (key = customer id, id = event id)', () => {
    const message = toLifecycleMessage(overdue, 'c-1');
    expect(message.key).toBe('c-1');
    expect(message.id).toBe(overdue.id);
    const envelope = JSON.parse(message.value) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      specversion: '1.0',
      id: overdue.id,
      type: 'leadflow.customer.FollowUpOverdue.v1',
      subject: 'c-1',
      correlationid: 'corr',
      causationid: 'cause',
    });
    const decoded = decodeLifecycleMessage(message);
    expect(E.isRight(decoded) && decoded.right.event.type).toBe('FollowUpOverdue');
  });

  it('rejects data the event codec refuses, naming the problem', () => {
    const message = toLifecycleMessage({ ...overdue, data: { taskId: 7 } }, 'c-1');
    const decoded = decodeLifecycleMessage(message);
    expect(E.isLeft(decoded) && decoded.left).toContain('MalformedEvent');
    expect(E.isLeft(decodeLifecycleMessage({ ...message, value: '{' }))).toBe(true);
  });

  it('derives follow-up event ids from (task, type) and customer ids from stream names', () => {
    expect(followUpEventId('t-1', 'FollowUpOverdue')).toBe(followUpEventId('t-1', 'FollowUpOverdue'));
    expect(followUpEventId('t-1', 'FollowUpOverdue')).not.toBe(followUpEventId('t-1', 'FollowUpScheduled'));
    expect(customerIdOfStream('customer-abc')).toBe('abc');
    expect(customerIdOfStream('other-abc')).toBeNull();
  });
});
