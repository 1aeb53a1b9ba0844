import * as t from 'io-ts';
import { Rfc3339DateTime } from '../codec/dateTime';
import { constrainedString } from '../codec/schemaCodec';

// Kafka header values are bytes; leadflow writes and reads them as UTF-8 text.

const decimal = (description: string) =>
  constrainedString({ name: 'decimal string', description, pattern: '^(?:0|[1-9][0-9]*)$' }).codec;

/** The header carrying the message id (the stored event id; also the CloudEvent `id`). */
export const MESSAGE_ID_HEADER = 'message-id';

/** Headers of every message the bus writes to Kafka (`leads.lifecycle`, `leads.followups`). */
export const BusMessageHeaders = t.type({
  [MESSAGE_ID_HEADER]: constrainedString({
    name: 'non-empty message id',
    description: 'The message id (the stored event id, also the CloudEvent id); consumers deduplicate by it.',
    minLength: 1,
  }).codec,
});
export type BusMessageHeaders = t.TypeOf<typeof BusMessageHeaders>;

/** Optional headers of a `leads.raw` message, read by the raw lead consumer. */
export const RawLeadHeaders = t.partial({
  'idempotency-key': t.string,
  'correlation-id': t.string,
});
export type RawLeadHeaders = t.TypeOf<typeof RawLeadHeaders>;

/**
 * What the bus adds to a message it dead-letters after its retries (the message's own headers
 * are kept beside them). Partition and offset are absent on the in-process bus.
 */
export const DeadLetterHeaders = t.intersection([
  t.type({
    'x-error-message': t.string,
    'x-error-name': t.string,
    'x-error-attempts': decimal('Attempts made, the first included.'),
    'x-original-topic': t.string,
    'x-failed-at': Rfc3339DateTime.codec,
  }),
  t.partial({
    'x-original-partition': decimal('The partition the message was read from.'),
    'x-original-offset': decimal('Its offset there.'),
  }),
]);
export type DeadLetterHeaders = t.TypeOf<typeof DeadLetterHeaders>;

/**
 * Why the write path refused a lead. Its own codec (not the HTTP rejection type): the consumer
 * assigns the writer's reason to it, so a reason added there and not here fails to compile.
 */
export const RawLeadRejectionReason = t.keyof({
  'too-large': null,
  'too-deep': null,
  'not-json': null,
  invalid: null,
  'idempotency-key-reused': null,
});
export type RawLeadRejectionReason = t.TypeOf<typeof RawLeadRejectionReason>;

/** What the raw lead consumer adds to a lead it rejected when it writes it to `leads.raw.dlq`. */
export const RawLeadRejectionHeaders = t.type({
  'leadflow-error-reason': RawLeadRejectionReason,
  'leadflow-error-status': decimal('The HTTP status the same body gets on POST /v1/leads.'),
  /** JSON of the decode errors (`[{path, message}]`), cut at 8192 characters. */
  'leadflow-error-detail': t.string,
  'leadflow-rejection-id': t.string,
  'leadflow-original-topic': t.string,
  'leadflow-original-partition': decimal('The partition the lead was read from.'),
  'leadflow-original-offset': decimal('Its offset there.'),
});
export type RawLeadRejectionHeaders = t.TypeOf<typeof RawLeadRejectionHeaders>;
