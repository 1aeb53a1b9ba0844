import type { SqlEventStore } from '@leadflow/eventstore';
import { EVENT_COLUMNS, type Row } from './columns';
import { eventRowMatcher, type ExportFilter } from './exportFilter';
import { eventRow, streamCustomerId } from './eventRow';
import { DEFAULT_PAGE_SIZE, type PreparedExport } from './preparedExport';
import { createStageTracker, decodeRecorded } from './stageTracker';
import { identityResolver, readModelResolver } from './survivors';

/** Where an export reads: the event store (through its port) and the live read-model schema, if any. */
export interface ExportSource {
  readonly store: SqlEventStore;
  readonly readSchema: string | null;
}

export interface ExportOptions {
  readonly pageSize?: number;
  /** Streams whose stage state is kept between their events (see createStageTracker). */
  readonly trackedStreams?: number;
}

/** The head of the log below the stable horizon, and the events after `after` up to it: two index reads. */
const headBySql = async (store: SqlEventStore, after: bigint) => {
  const [row] = await store.executor.query<{ head: string | null }>(
    `SELECT max(global_position)::text AS head FROM ${store.schema}.events
      WHERE global_position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)`,
  );
  const head = row?.head == null ? 0n : BigInt(row.head);
  if (head <= after) return { head: after, total: 0 };
  const [counted] = await store.executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${store.schema}.events
      WHERE global_position > $1::bigint AND global_position <= $2::bigint`,
    [after.toString(), head.toString()],
  );
  return { head, total: counted?.n ?? 0 };
};

/** The same through the port (events not in SQL): one pass over positions after `after`. */
const headByPort = async (store: SqlEventStore, after: bigint, pageSize: number) => {
  let head = after;
  let total = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: head, maxCount: pageSize });
    const last = page[page.length - 1];
    if (last === undefined) break;
    total += page.length;
    head = last.globalPosition;
    if (page.length < pageSize) break;
  }
  return { head, total };
};

/**
 * Prepares an export of the event log after `filter.afterPosition` up to the head as it is now: every
 * event flattened into `EVENT_COLUMNS`, its stream folded with the domain's code for the stage, its
 * customer resolved to the survivor through the read model, then filtered.
 */
export const prepareEventsExport = async (
  source: ExportSource,
  filter: ExportFilter,
  options: ExportOptions = {},
): Promise<PreparedExport> => {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const after = filter.afterPosition ?? 0n;
  const { store } = source;
  const { head, total } = store.eventsInSql
    ? await headBySql(store, after)
    : await headByPort(store, after, pageSize);
  const matches = eventRowMatcher(filter);
  let written = 0;

  async function* chunks(writer: Parameters<PreparedExport['chunks']>[0], onProgress?: (n: number) => void) {
    const tracker = createStageTracker(store, options.trackedStreams);
    const survivors =
      source.readSchema === null ? identityResolver : readModelResolver(store.executor, source.readSchema);
    let scanned = 0;
    // The next page and its survivors are read while this one is encoded: the database and the encoder
    // overlap (the database runs on another core or machine), at the cost of one page held ahead.
    const read = async (from: bigint) => {
      const page = (await store.readAll({ fromPosition: from, maxCount: pageSize })).filter(
        (event) => event.globalPosition <= head,
      );
      const ids = page.map((event) => streamCustomerId(event.streamName)).filter((id) => id !== null);
      return { page, survivorOf: await survivors(ids) };
    };
    let next: ReturnType<typeof read> | null = after < head ? read(after) : null;
    while (next !== null) {
      const { page, survivorOf } = await next;
      const last = page[page.length - 1];
      next = last === undefined || last.globalPosition >= head ? null : read(last.globalPosition);
      if (last === undefined) break;
      await tracker.prepare(page);
      const rows: Row[] = [];
      for (const event of page) {
        const decoded = decodeRecorded(event);
        const state = tracker.apply(event, decoded);
        const own = streamCustomerId(event.streamName);
        const row = eventRow(event, decoded, state, own === null ? null : (survivorOf.get(own) ?? own));
        if (matches(row)) rows.push(row);
      }
      written += rows.length;
      scanned += page.length;
      yield* writer.write(rows);
      onProgress?.(scanned);
    }
    yield* writer.finish({ lastPosition: head.toString(), count: written });
  }

  return {
    dataset: 'events',
    columns: EVENT_COLUMNS,
    lastPosition: head.toString(),
    total,
    chunks,
    count: () => written,
  };
};
