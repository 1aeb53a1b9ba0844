import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { isKafkaUnavailable } from './kafkaUnavailable';

describe('isKafkaUnavailable', () => {
  it("knows kafkajs's own errors for brokers that are away or slow", () => {
    expect(isKafkaUnavailable(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(true);
    expect(isKafkaUnavailable(new KafkaJSRequestTimeoutError('Request Produce timed out'))).toBe(true);
    expect(
      isKafkaUnavailable(new KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 5, retryTime: 1 })),
    ).toBe(true);
  });

  it('leaves errors about the request, and other errors, alone', () => {
    expect(
      isKafkaUnavailable(new KafkaJSProtocolError('The request included a message larger than the max')),
    ).toBe(false);
    expect(isKafkaUnavailable(new KafkaJSNonRetriableError('invalid'))).toBe(false);
    expect(isKafkaUnavailable(new Error('follow-up command refused'))).toBe(false);
    expect(isKafkaUnavailable({ name: 'KafkaJSConnectionError' })).toBe(false);
  });
});
