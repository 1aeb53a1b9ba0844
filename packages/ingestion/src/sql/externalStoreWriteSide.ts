import type { EventStore, SqlExecutor } from '@leadflow/eventstore';
import type { IdentityHashing } from '../writeTx';
import type { SqlWriteSide } from './sqlWriteSide';
import { isRetryableSqlError } from './sqlErrors';
import { sqlLeadQueries, sqlRejectedStore, type LeadEvents } from './sqlReviewStore';
import { sqlWriteTx } from './sqlWriteTx';
import { writeSideMigrations } from './writeSideSchema';

const PAGE = 200;

/** LeadReceived data read from the external store: each lead's stream, newest first, until found. */
const streamLeadEvents =
  (events: EventStore): LeadEvents =>
  async (refs) => {
    const found = new Map<string, unknown>();
    for (const { streamName, leadId } of refs) {
      let from: bigint | 'end' = 'end';
      for (;;) {
        const page = await events.readStream(streamName, { from, direction: 'backwards', maxCount: PAGE });
        const hit = page.find((e) => e.id === leadId);
        if (hit) found.set(leadId, hit.data);
        const last = page[page.length - 1];
        if (hit || page.length < PAGE || last === undefined || last.streamRevision === 0n) break;
        from = last.streamRevision - 1n;
      }
    }
    return found;
  };

/**
 * The write side for an event store outside PostgreSQL (KurrentDB): the identity index, dedup keys
 * and lead directory live in PostgreSQL and are locked and claimed in one transaction around the
 * append, which happens last; a crash between the append and the commit leaves the index behind
 * the streams, and `rebuildWriteSide` derives it from the streams again.
 */
export const createExternalStoreWriteSide = async (
  sql: SqlExecutor,
  schema: string,
  events: EventStore,
  options: { rejectedMaxCount: number; maxLeadBytes: number; privacy?: IdentityHashing },
): Promise<SqlWriteSide> => {
  await sql.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const migration of writeSideMigrations) await sql.exec(migration.sql(schema));
  const rejected = sqlRejectedStore(sql, schema, options.rejectedMaxCount, options.maxLeadBytes);
  return {
    writeSide: {
      transact: (work) => sql.transaction((tx) => work(sqlWriteTx(tx, schema, events))),
      isRetryable: isRetryableSqlError,
      ...(options.privacy === undefined ? {} : { identity: options.privacy }),
    },
    rejected,
    queries: sqlLeadQueries(sql, schema, rejected, streamLeadEvents(events)),
  };
};
