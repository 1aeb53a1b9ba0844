import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { AnyCloudEvent, CloudEvent, makeCloudEvent } from './cloudEvent';
import { dlqTopic, Topics } from './topics';

const Data = t.type({ leadId: t.string });

describe('CloudEvent', () => {
  it('builds an envelope that its codec decodes', () => {
    // Given
    const event = makeCloudEvent({
      id: 'evt-1',
      source: '/leadflow/publisher',
      type: 'leadflow.lead-received.v1',
      subject: 'cus-1',
      time: new Date('2026-09-26T18:39:50Z'),
      data: { leadId: 'lead-1' },
      correlationId: 'corr-1',
    });

    // Then
    expect(event).toEqual({
      specversion: '1.0',
      id: 'evt-1',
      source: '/leadflow/publisher',
      type: 'leadflow.lead-received.v1',
      subject: 'cus-1',
      time: '2026-09-26T18:39:50.000Z',
      datacontenttype: 'application/json',
      correlationid: 'corr-1',
      data: { leadId: 'lead-1' },
    });
    expect(CloudEvent(Data).decode(JSON.parse(JSON.stringify(event)))).toEqual(E.right(event));
  });

  it('rejects a wrong spec version, content type, time or data', () => {
    const event = makeCloudEvent({
      id: 'e',
      source: 's',
      type: 't',
      subject: 'c',
      time: '2026-09-26T18:39:50Z',
      data: {},
    });
    expect(E.isRight(AnyCloudEvent.decode(event))).toBe(true);
    expect(E.isLeft(AnyCloudEvent.decode({ ...event, specversion: '0.3' }))).toBe(true);
    expect(E.isLeft(AnyCloudEvent.decode({ ...event, datacontenttype: 'text/plain' }))).toBe(true);
    expect(E.isLeft(AnyCloudEvent.decode({ ...event, time: 'yesterday' }))).toBe(true);
    expect(E.isLeft(AnyCloudEvent.decode({ ...event, subject: '' }))).toBe(true);
    expect(E.isLeft(CloudEvent(Data).decode(event))).toBe(true);
  });
});

describe('topics', () => {
  it('names the dead-letter topic', () => {
    expect(Topics.lifecycle).toBe('leads.lifecycle');
    expect(dlqTopic(Topics.raw)).toBe('leads.raw.dlq');
  });
});
