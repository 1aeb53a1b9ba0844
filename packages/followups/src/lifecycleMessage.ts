import {
  AnyCloudEvent,
  LIFECYCLE_SOURCE,
  customerStreamName,
  decodeStoredEvent,
  lifecycleType,
  makeCloudEvent,
  withoutPersonalData,
  type CustomerEvent,
} from '@leadflow/contracts';
import type { BusMessage } from '@leadflow/bus';
import type { RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

/** A stored customer event as read back from `leads.lifecycle`. */
export interface LifecycleEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly event: CustomerEvent;
}

const STREAM_PREFIX = customerStreamName('');
const TYPE = /^leadflow\.customer\.([A-Za-z]+)\.v(\d+)$/;

/** The customer id of a `customer-<id>` stream, or null for other streams. */
export const customerIdOfStream = (streamName: string): string | null =>
  streamName.startsWith(STREAM_PREFIX) ? streamName.slice(STREAM_PREFIX.length) : null;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The `leads.lifecycle` message of a stored event: key = customer id, id = event id, CloudEvents JSON.
 * Its data holds ids and non-personal fields only (personal ones as their null placeholders, nothing
 * sealed): consumers that need contact details read them from the API with a token of their own.
 */
export const toLifecycleMessage = (recorded: RecordedEvent, customerId: string): BusMessage => {
  const version =
    typeof recorded.metadata['schemaVersion'] === 'number' ? recorded.metadata['schemaVersion'] : 0;
  const correlationId = text(recorded.metadata['correlationId']);
  const causationId = text(recorded.metadata['causationId']);
  const envelope = makeCloudEvent({
    id: recorded.id,
    source: LIFECYCLE_SOURCE,
    type: lifecycleType(recorded.type, version),
    subject: customerId,
    time: recorded.createdAt,
    data: withoutPersonalData(recorded.type, recorded.data),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
  });
  return { key: customerId, id: recorded.id, value: JSON.stringify(envelope) };
};

const parseJson = (value: string): E.Either<string, unknown> =>
  E.tryCatch(
    () => JSON.parse(value) as unknown,
    (error) => `not JSON: ${(error as Error).message}`,
  );

/** Decodes a `leads.lifecycle` message: envelope with io-ts, then the data through the upcasters. */
export const decodeLifecycleMessage = (message: BusMessage): E.Either<string, LifecycleEvent> =>
  pipe(
    parseJson(message.value),
    E.chain((json) =>
      pipe(
        AnyCloudEvent.decode(json),
        E.mapLeft(() => 'not a CloudEvents 1.0 envelope'),
      ),
    ),
    E.chain((envelope) => {
      const match = TYPE.exec(envelope.type);
      if (match === null) return E.left(`unknown event type ${envelope.type}`);
      const decoded = decodeStoredEvent({
        type: match[1]!,
        data: envelope.data,
        metadata: {
          schemaVersion: Number(match[2]),
          correlationId: envelope.correlationid ?? envelope.id,
          causationId: envelope.causationid ?? envelope.id,
        },
      });
      return pipe(
        decoded,
        E.bimap(
          (error) => `${error.type}${'message' in error ? `: ${error.message}` : ''}`,
          (event): LifecycleEvent => ({ eventId: envelope.id, customerId: envelope.subject, event }),
        ),
      );
    }),
  );
