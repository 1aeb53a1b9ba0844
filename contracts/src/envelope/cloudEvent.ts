import * as t from 'io-ts';
import { Rfc3339DateTime } from '../codec/dateTime';

const nonEmptyString = (name: string) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && u.length > 0,
    (u, context) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, context)),
    t.identity,
  );

const CloudEventAttributes = t.intersection([
  t.type({
    specversion: t.literal('1.0'),
    id: nonEmptyString('non-empty event id'),
    source: nonEmptyString('non-empty source URI-reference'),
    type: nonEmptyString('non-empty event type'),
    subject: nonEmptyString('non-empty subject (the customer id)'),
    time: Rfc3339DateTime.codec,
    datacontenttype: t.literal('application/json'),
  }),
  t.partial({
    dataschema: t.string,
    /** Extension attributes: the stored event's correlation and causation ids. */
    correlationid: t.string,
    causationid: t.string,
  }),
]);

/**
 * A CloudEvents 1.0 structured-mode JSON envelope, as written to `leads.lifecycle` and `leads.followups`
 * (message key = subject = customer id, message id = event id). `data` is decoded by the given codec.
 */
export const CloudEvent = <C extends t.Mixed>(data: C) =>
  t.intersection([CloudEventAttributes, t.type({ data })], `CloudEvent<${data.name}>`);

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
