import * as E from 'fp-ts/Either';
import { WrongExpectedVersion } from '../errors';
import type { ExpectedRevision, JsonObject, StreamMetadata, StreamMetadataUpdate } from '../port';
import type { SqlExecutor } from './sqlExecutor';

interface StreamRow {
  readonly revision: string;
  readonly truncate_before: string | null;
  readonly deleted: boolean;
  readonly custom_metadata: JsonObject | null;
}

const selectSql = (schema: string, lock: boolean): string =>
  `SELECT revision::text AS revision, truncate_before::text AS truncate_before, deleted, custom_metadata
     FROM ${schema}.streams WHERE stream_name = $1${lock ? ' FOR UPDATE' : ''}`;

// Replaces the settable metadata; a soft-deleted stream keeps its deletion floor.
const upsertSql = (schema: string): string =>
  `INSERT INTO ${schema}.streams AS st (stream_name, revision, truncate_before, custom_metadata)
   VALUES ($1, -1, $2::bigint, $3::jsonb)
   ON CONFLICT (stream_name) DO UPDATE SET
     truncate_before = CASE WHEN st.deleted THEN greatest(st.truncate_before, EXCLUDED.truncate_before)
                            ELSE EXCLUDED.truncate_before END,
     custom_metadata = EXCLUDED.custom_metadata`;

/** Reads a stream's metadata; an unknown stream has none and is not deleted. */
export const getStreamMetadata = async (
  executor: SqlExecutor,
  schema: string,
  stream: string,
): Promise<StreamMetadata> => {
  const [row] = await executor.query<StreamRow>(selectSql(schema, false), [stream]);
  if (row === undefined) return { deleted: false };
  return {
    deleted: row.deleted,
    ...(row.truncate_before === null ? {} : { truncateBefore: BigInt(row.truncate_before) }),
    ...(row.custom_metadata === null ? {} : { custom: row.custom_metadata }),
  };
};

/** Replaces a stream's settable metadata (truncate-before, custom). */
export const setStreamMetadata = async (
  executor: SqlExecutor,
  schema: string,
  stream: string,
  metadata: StreamMetadataUpdate,
): Promise<void> => {
  await executor.query(upsertSql(schema), [
    stream,
    metadata.truncateBefore?.toString() ?? null,
    metadata.custom === undefined ? null : JSON.stringify(metadata.custom),
  ]);
};

const satisfies = (expected: ExpectedRevision, revision: bigint | undefined): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return revision === undefined;
  if (expected === 'stream_exists') return revision !== undefined;
  return revision === expected;
};

/**
 * Soft-deletes a stream: hides every current revision from `readStream` (truncate-before = last + 1).
 * Deleting a stream that does not exist is a no-op unless the expectation requires it to exist.
 */
export const deleteStream = (
  executor: SqlExecutor,
  schema: string,
  stream: string,
  expected: ExpectedRevision,
): Promise<E.Either<WrongExpectedVersion, void>> =>
  executor.transaction(async (tx) => {
    const [row] = await tx.query<StreamRow>(selectSql(schema, true), [stream]);
    const revision = row === undefined || BigInt(row.revision) < 0n ? undefined : BigInt(row.revision);
    if (!satisfies(expected, revision))
      return E.left(new WrongExpectedVersion(stream, expected, revision ?? 'no_stream'));
    if (revision !== undefined)
      await tx.query(
        `UPDATE ${schema}.streams SET deleted = true, truncate_before = revision + 1 WHERE stream_name = $1`,
        [stream],
      );
    return E.right(undefined);
  });
