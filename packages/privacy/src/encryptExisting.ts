import { PERSONAL_FIELDS, SEALED_FIELD, upcast } from '@leadflow/contracts';
import type { JsonObject, NewEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import type { PrivateSqlEventStore } from './privateStore';
import { customerOfStream } from './vault';

/** What `encryptExisting` did. */
export interface EncryptExistingResult {
  readonly streams: number;
  readonly events: number;
}

const PERSONAL_TYPES = Object.keys(PERSONAL_FIELDS);

/**
 * Moves a SQL store written before personal data was sealed to the sealed form: in one transaction
 * per customer stream, every stored event with personal fields in clear is upcast to its latest
 * version and its body rewritten in place, sealed with the customer's key (created when missing).
 * Ids, positions and revisions do not change; running it again finds nothing left to do. The write
 * side's index then has to be rebuilt with hashed keys (`rebuildWriteSide` with the vault).
 * KurrentDB events cannot be rewritten in place: the command refuses (see docs/privacy.md).
 */
export const encryptExisting = async (
  store: PrivateSqlEventStore,
  onStream?: (done: number) => void,
): Promise<EncryptExistingResult> => {
  if (!store.eventsInSql)
    throw new Error(
      'encrypt-existing rewrites event bodies in the SQL store; KurrentDB events are immutable ' +
        '(copy the streams through a sealing store instead, see docs/privacy.md)',
    );
  const s = store.schema;
  const streams = await store.executor.query<{ stream_name: string }>(
    `SELECT DISTINCT stream_name FROM ${s}.events
      WHERE stream_name LIKE 'customer-%' AND event_type = ANY($1::text[]) AND NOT (data ? $2)
      ORDER BY stream_name`,
    [PERSONAL_TYPES, SEALED_FIELD],
  );
  let events = 0;
  let done = 0;
  for (const { stream_name: stream } of streams) {
    const customerId = customerOfStream(stream);
    if (customerId === null) continue;
    events += await store.executor.transaction(async (tx) => {
      const rows = await tx.query<{
        position: string;
        id: string;
        type: string;
        data: Record<string, unknown>;
        metadata: Record<string, unknown>;
      }>(
        `SELECT global_position::text AS position, event_id::text AS id, event_type AS type, data, metadata
           FROM ${s}.events WHERE stream_name = $1 AND event_type = ANY($2::text[]) AND NOT (data ? $3)
          ORDER BY global_position FOR UPDATE`,
        [stream, PERSONAL_TYPES, SEALED_FIELD],
      );
      const lifted: NewEvent[] = [];
      const versions: number[] = [];
      for (const row of rows) {
        const version = typeof row.metadata['schemaVersion'] === 'number' ? row.metadata['schemaVersion'] : 0;
        const up = upcast(row.type, version, row.data);
        if (E.isLeft(up)) throw new Error(`${stream} ${row.id}: ${up.left.type}`);
        lifted.push({ id: row.id, type: row.type, data: up.right.data as JsonObject });
        versions.push(up.right.schemaVersion);
      }
      const { keys, commit } = await store.vault.keysForWriting(
        tx,
        store.vault.sealingKeyIds(customerId, lifted),
      );
      const sealed = store.vault.sealEvents(customerId, lifted, keys);
      let changed = 0;
      for (let i = 0; i < rows.length; i += 1) {
        if (sealed[i]!.data === lifted[i]!.data && versions[i] === rows[i]!.metadata['schemaVersion'])
          continue;
        await tx.query(
          `UPDATE ${s}.events SET data = $2::jsonb, metadata = jsonb_set(metadata, '{schemaVersion}', to_jsonb($3::int))
            WHERE global_position = $1::bigint`,
          [rows[i]!.position, JSON.stringify(sealed[i]!.data), versions[i]],
        );
        changed += 1;
      }
      commit();
      return changed;
    });
    done += 1;
    onStream?.(done);
  }
  return { streams: streams.length, events };
};
