import type { ExpectedRevision } from './port';

/** The stream was not at the expected revision; `actual` is its last revision or `'no_stream'`. */
export class WrongExpectedVersion extends Error {
  readonly _tag = 'WrongExpectedVersion' as const;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected version on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/**
 * A batch mixed event ids already in the stream with new ones (or repeated an id): nothing was
 * written. A fully duplicate batch is not an error: it is an idempotent no-op.
 */
export class EventIdConflict extends Error {
  readonly _tag = 'EventIdConflict' as const;
  constructor(
    readonly stream: string,
    readonly duplicateIds: readonly string[],
  ) {
    super(`Batch for ${stream} partially duplicates stored events: ${duplicateIds.join(', ')}`);
    this.name = 'EventIdConflict';
  }
}
