import * as t from 'io-ts';

/** Metadata every stored customer event carries: its schema version and the causal chain. */
export const EventMetadata = t.type({
  schemaVersion: t.number,
  /** The request or message that started the chain (e.g. the inbound lead's id). */
  correlationId: t.string,
  /** The message or event that directly caused this one. */
  causationId: t.string,
});
export type EventMetadata = t.TypeOf<typeof EventMetadata>;

/** The correlation and causation a command hands to the events it produces. */
export type CausalMetadata = Omit<EventMetadata, 'schemaVersion'>;

/** Builds the `{type, data, metadata}` codec of one event type. */
export const eventCodec = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  t.type({ type: t.literal(type), data, metadata: EventMetadata }, type);
