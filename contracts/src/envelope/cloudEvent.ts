import * as t from 'io-ts';
import { Rfc3339DateTime } from '../codec/dateTime';
import { constrainedString } from '../codec/schemaCodec';

const nonEmptyString = (name: string) => constrainedString({ name, minLength: 1 }).codec;

/** The required attributes; `type` and `source` are any non-empty string or one kind of message's constants. */
const requiredAttributes = <T extends t.Mixed, S extends t.Mixed>(type: T, source: S) =>
  t.type({
    specversion: t.literal('1.0'),
    id: nonEmptyString('non-empty event id'),
    source,
    type,
    subject: nonEmptyString('non-empty subject (the customer id)'),
    time: Rfc3339DateTime.codec,
    datacontenttype: t.literal('application/json'),
  });

const OptionalAttributes = t.partial({
  dataschema: t.string,
  /** Extension attributes: the stored event's correlation and causation ids. */
  correlationid: t.string,
  causationid: t.string,
});

const CloudEventAttributes = t.intersection([
  requiredAttributes(
    nonEmptyString('non-empty event type'),
    nonEmptyString('non-empty source URI-reference'),
  ),
  OptionalAttributes,
]);

/**
 * A CloudEvents 1.0 structured-mode JSON envelope, as written to `leads.lifecycle` and `leads.followups`
 * (message key = subject = customer id, message id = event id). `data` is decoded by the given codec.
 */
export const CloudEvent = <C extends t.Mixed>(data: C) =>
  t.intersection([CloudEventAttributes, t.type({ data })], `CloudEvent<${data.name}>`);

/**
 * The envelope of one kind of message: `type` and `source` are its constants and `data` is decoded
 * by the given codec; the AsyncAPI document derives each message's payload schema from it.
 */
export const CloudEventOf = <C extends t.Mixed>(type: string, source: string, data: C) =>
  t.intersection(
    [requiredAttributes(t.literal(type), t.literal(source)), OptionalAttributes, t.type({ data })],
    `CloudEvent<${type}>`,
  );

/** A CloudEvent carrying `data` of type A. */
export type CloudEvent<A> = t.TypeOf<typeof CloudEventAttributes> & { readonly data: A };

/** A CloudEvent whose data is not decoded yet. */
export const AnyCloudEvent = CloudEvent(t.unknown);
export type AnyCloudEvent = t.TypeOf<typeof AnyCloudEvent>;

/** What a producer gives to build an envelope; `time` may be a Date. */
export interface CloudEventInput<A> {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: Date | string;
  readonly data: A;
  readonly dataschema?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** Builds a CloudEvents 1.0 JSON envelope (specversion 1.0, datacontenttype application/json). */
export const makeCloudEvent = <A>(input: CloudEventInput<A>): CloudEvent<A> => ({
  specversion: '1.0',
  id: input.id,
  source: input.source,
  type: input.type,
  subject: input.subject,
  time: typeof input.time === 'string' ? input.time : input.time.toISOString(),
  datacontenttype: 'application/json',
  ...(input.dataschema === undefined ? {} : { dataschema: input.dataschema }),
  ...(input.correlationId === undefined ? {} : { correlationid: input.correlationId }),
  ...(input.causationId === undefined ? {} : { causationid: input.causationId }),
  data: input.data,
});
