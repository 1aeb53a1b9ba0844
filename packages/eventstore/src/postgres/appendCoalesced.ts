import * as E from 'fp-ts/Either';
import type { AppendError, AppendResult, ExpectedRevision, NewEvent } from '../port';
import { appendPayload, appendSql, encodeExpected, toResult, type AppendRow } from './appendToStream';
import { coalesce } from './coalesce';
import type { SqlExecutor } from './sqlExecutor';

type Item = { readonly stream: string; readonly expected: ExpectedRevision; readonly payload: string };
type BatchRow = AppendRow & { readonly ord: number };
type Append = (
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
) => Promise<E.Either<AppendError, AppendResult>>;

const batchSql = (schema: string): string =>
  `SELECT ord, status, actual_revision::text AS actual_revision, positions::text[] AS positions, conflicting_ids
     FROM ${schema}.append_to_streams($1::jsonb)`;

/** The `p_appends` argument: the payloads are JSON already, so they are spliced in, not re-serialised. */
const batchJson = (items: readonly Item[]): string =>
  `[${items
    .map(
      (item) =>
        `{"stream":${JSON.stringify(item.stream)},"expected":${JSON.stringify(encodeExpected(item.expected))},"events":${item.payload}}`,
    )
    .join(',')}]`;

const settle = <A>(produce: () => A): PromiseSettledResult<A> => {
  try {
    return { status: 'fulfilled', value: produce() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
};

/**
 * `appendToStream` for a process whose appends run concurrently (the followups consumer's handlers):
 * an append made while others are in flight waits for them and goes out with the other waiting ones
 * in one `append_to_streams` statement — one round trip and one commit for the lot, each append with
 * its own expectation and answer. Alone, it is the plain `append_to_stream` call. If a batch fails as
 * a whole (nothing of it is committed), its appends are made one by one, so a failure stays its own.
 */
export const coalescedAppender = (
  executor: SqlExecutor,
  schema: string,
  limits = { maxInFlight: 2, maxBatch: 64 },
): Append => {
  const single = async (item: Item) => {
    const rows = await executor.query<AppendRow>(
      appendSql(schema),
      [item.stream, encodeExpected(item.expected), item.payload],
      { prepare: true },
    );
    return toResult(item.stream, item.expected, rows[0]);
  };
  const run = async (items: readonly Item[]) => {
    if (items.length === 1) return Promise.allSettled(items.map(single));
    let rows: BatchRow[];
    try {
      rows = await executor.query<BatchRow>(batchSql(schema), [batchJson(items)], { prepare: true });
    } catch {
      return Promise.allSettled(items.map(single));
    }
    const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
    return items.map((item, i) => settle(() => toResult(item.stream, item.expected, byOrd.get(i + 1))));
  };
  const append = coalesce(run, limits);
  return (stream, events, expected) => {
    const payload = appendPayload(stream, events);
    return E.isLeft(payload)
      ? Promise.resolve(payload)
      : append({ stream, expected, payload: payload.right });
  };
};
