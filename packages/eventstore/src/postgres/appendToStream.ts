import * as E from 'fp-ts/Either';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import type { AppendError, AppendResult, ExpectedRevision, NewEvent } from '../port';
import { validateBatch } from '../validateBatch';
import type { SqlExecutor } from './sqlExecutor';

export interface AppendRow {
  readonly status: 'ok' | 'duplicate' | 'event_id_conflict' | 'wrong_expected_version';
  readonly actual_revision: string | null;
  readonly positions: readonly string[] | null;
  readonly conflicting_ids: readonly string[] | null;
}

export const appendSql = (schema: string): string =>
  `SELECT status, actual_revision::text AS actual_revision, positions::text[] AS positions, conflicting_ids
     FROM ${schema}.append_to_stream($1, $2, $3::jsonb)`;

export const encodeExpected = (expected: ExpectedRevision): string =>
  typeof expected === 'bigint' ? expected.toString() : expected;

export const toResult = (
  stream: string,
  expected: ExpectedRevision,
  row: AppendRow | undefined,
): E.Either<AppendError, AppendResult> => {
  if (row === undefined) throw new Error('append_to_stream returned no row');
  switch (row.status) {
    case 'ok':
    case 'duplicate':
      return E.right({
        nextExpectedRevision: BigInt(row.actual_revision ?? '-1'),
        positions: (row.positions ?? []).map((position) => BigInt(position)),
      });
    case 'event_id_conflict':
      return E.left(new EventIdConflict(stream, row.conflicting_ids ?? []));
    case 'wrong_expected_version':
      return E.left(
        new WrongExpectedVersion(
          stream,
          expected,
          row.actual_revision === null ? 'no_stream' : BigInt(row.actual_revision),
        ),
      );
  }
};

/**
 * The `p_events` argument of `append_to_stream` for a validated batch (a JSON array of id, type, data,
 * metadata); for SQL that calls the function itself inside a larger statement.
 */
export const appendPayload = (stream: string, events: readonly NewEvent[]): E.Either<AppendError, string> => {
  const valid = validateBatch(stream, events);
  if (E.isLeft(valid)) return valid;
  return E.right(
    JSON.stringify(
      events.map((event) => ({
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
      })),
    ),
  );
};

/**
 * Appends a batch in one statement (one round trip, one transaction) through the
 * `append_to_stream` SQL function. A batch whose ids are all already in the stream is a no-op that
 * returns the original positions; a batch mixing stored and new ids is an `EventIdConflict`.
 */
export const appendToStream = async (
  executor: SqlExecutor,
  schema: string,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<E.Either<AppendError, AppendResult>> => {
  const payload = appendPayload(stream, events);
  if (E.isLeft(payload)) return payload;
  const rows = await executor.query<AppendRow>(
    appendSql(schema),
    [stream, encodeExpected(expected), payload.right],
    { prepare: true },
  );
  return toResult(stream, expected, rows[0]);
};
