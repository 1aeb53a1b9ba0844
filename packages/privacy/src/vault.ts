import { hasPersonalFields, type IdentitySummary } from '@leadflow/contracts';
import type { JsonObject, NewEvent, RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import { deriveIndexKey, keyedHash, newKey, unwrapKey, wrapKey } from './crypto';
import { privacyTablesSql } from './keyTables';
import { Lru } from './lru';
import { openData, sealData, sealedPartOf, sealingKeyId } from './sealEvents';

/** A customer's data key as a reader holds it: the key, or null once it was destroyed (or never existed). */
export type DataKey = Buffer | null;

/** Thrown at start when the configured master key is not the one the store's keys were wrapped with. */
export class WrongMasterKey extends Error {
  constructor() {
    super(
      'the configured master key (LEADFLOW_MASTER_KEY / LEADFLOW_MASTER_KEY_FILE) does not open this store: ' +
        'it is not the key the store was written with. Configure that key (or rotate with `leadflow privacy rotate-master-key`).',
    );
    this.name = 'WrongMasterKey';
  }
}

/** Unwrapped data keys kept in memory per process (a lead's customer is usually read again soon). */
const DEFAULT_CACHE_SIZE = 50_000;

const STREAM_PREFIX = 'customer-';
const INDEX_KEY = 'index_key';

type Json = Record<string, unknown>;

/**
 * Personal-data protection over the key table: keyed hashes for the identity index and dedup keys,
 * per-customer data keys (created on first use, cached unwrapped in a bounded LRU), and sealing and
 * opening of events. Key reads are batched: one query for every key a batch of events needs.
 */
export interface Vault {
  readonly schema: string;
  /** The identity summary with every email, phone, name and company replaced by its keyed hash. */
  hashSummary(summary: IdentitySummary): IdentitySummary;
  /** A dedup key as the dedup table holds it (keyed hash: a content hash or client key says nothing). */
  hashDedupKey(key: string): string;
  /** A keyed hash of a normalised email (`e`) or E.164 phone (`p`): how the index finds a person. */
  identityHash(kind: 'e' | 'p', value: string): string;
  /** The keys of `ids` (cache first, then one query); null for destroyed or unknown keys. */
  keysFor(exec: SqlExecutor, ids: Iterable<string>): Promise<Map<string, DataKey>>;
  /**
   * The keys of `ids`, creating the missing ones on `exec` (inside the caller's transaction, if any).
   * Created keys are only cached once `commit` is called by the caller (after its transaction commits).
   */
  keysForWriting(
    exec: SqlExecutor,
    ids: Iterable<string>,
  ): Promise<{ keys: Map<string, DataKey>; commit: () => void }>;
  /**
   * A new customer's key and its wrapped form (base64), for a writer that inserts it itself (the
   * one-statement first lead); `commit` caches it once that write succeeded.
   */
  newCustomerKey(customerId: string): { key: Buffer; wrapped: string; commit: () => void };
  /** A new customer's first events sealed under a new key of its own, with that key wrapped (base64) to store beside them. */
  sealNewCustomer(
    customerId: string,
    events: ReadonlyArray<NewEvent>,
  ): { events: NewEvent[]; wrappedKey: string; commit: () => void };
  /** Stored form of events of a customer's stream: personal fields sealed with the keys in `keys`. */
  sealEvents(
    streamCustomerId: string,
    events: ReadonlyArray<NewEvent>,
    keys: Map<string, DataKey>,
  ): NewEvent[];
  /** The key ids `sealEvents` needs for these events. */
  sealingKeyIds(streamCustomerId: string, events: ReadonlyArray<NewEvent>): string[];
  /** Stored events with their sealed parts opened (placeholders where a key is gone). */
  openEvents(exec: SqlExecutor, events: ReadonlyArray<RecordedEvent>): Promise<RecordedEvent[]>;
  /** Destroys the keys of `ids` (erasure); returns how many existed. Forgets them in this process. */
  destroyKeys(exec: SqlExecutor, ids: ReadonlyArray<string>): Promise<number>;
  /** Forgets cached keys (another process destroyed them: seen as PersonalDataErased). */
  forget(ids: Iterable<string>): void;
  /** Re-wraps every data key and the index key under `next` (master-key rotation), in one transaction. */
  rewrap(exec: SqlExecutor, next: Buffer): Promise<number>;
}

export interface VaultOptions {
  readonly executor: SqlExecutor;
  readonly schema: string;
  readonly masterKey: Buffer;
  readonly cacheSize?: number;
}

const customerOfStream = (stream: string): string | null =>
  stream.startsWith(STREAM_PREFIX) ? stream.slice(STREAM_PREFIX.length) : null;

/** Creates the key tables if missing and checks the master key against the stored index key. */
export const openVault = async (options: VaultOptions): Promise<Vault> => {
  const { executor, schema: s, masterKey } = options;
  let master = masterKey;
  await executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leadflow_privacy:${s}`]);
    await tx.exec(privacyTablesSql(s));
  });
  // The index key is derived from the first master key once and kept wrapped: a later master key
  // (rotation) re-wraps it, so the hashes in the identity index stay valid.
  const derived = deriveIndexKey(master);
  await executor.query(
    `INSERT INTO ${s}.pd_meta (name, value) VALUES ($1, decode($2, 'base64')) ON CONFLICT (name) DO NOTHING`,
    [INDEX_KEY, wrapKey(master, INDEX_KEY, derived).toString('base64')],
  );
  const stored = await executor.query<{ value: string }>(
    `SELECT encode(value, 'base64') AS value FROM ${s}.pd_meta WHERE name = $1`,
    [INDEX_KEY],
  );
  let indexKey: Buffer;
  try {
    indexKey = unwrapKey(master, INDEX_KEY, Buffer.from(stored[0]!.value, 'base64'));
  } catch {
    throw new WrongMasterKey();
  }

  const cache = new Lru<string, DataKey>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  // Bumped whenever keys are forgotten: a read that started before must not cache what it read.
  let epoch = 0;

  const unwrap = (id: string, wrapped: string | null): DataKey => {
    if (wrapped === null) return null;
    try {
      return unwrapKey(master, id, Buffer.from(wrapped, 'base64'));
    } catch {
      return null;
    }
  };

  const readKeys = async (exec: SqlExecutor, ids: ReadonlyArray<string>) => {
    const rows = await exec.query<{ key_id: string; wrapped: string | null }>(
      `SELECT key_id, encode(wrapped, 'base64') AS wrapped FROM ${s}.pd_keys WHERE key_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.key_id, unwrap(r.key_id, r.wrapped)] as const));
  };

  const keysFor: Vault['keysFor'] = async (exec, ids) => {
    const found = new Map<string, DataKey>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = cache.get(id);
      if (cached !== undefined) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const started = epoch;
    const read = await readKeys(exec, missing);
    for (const id of missing) {
      const key = read.get(id) ?? null;
      found.set(id, key);
      // An unknown id is not cached: its key may be created a moment later by a writer.
      if (started === epoch && read.has(id)) cache.set(id, key);
    }
    return found;
  };

  const hashSummary = (summary: IdentitySummary): IdentitySummary => ({
    emails: summary.emails.map((e) => keyedHash(indexKey, `e:${e}`)),
    phones: summary.phones.map((p) => keyedHash(indexKey, `p:${p}`)),
    names: summary.names.map((n) => ({
      name: keyedHash(indexKey, `n:${n.name}`),
      company: keyedHash(indexKey, `c:${n.company}`),
      country: n.country,
    })),
  });

  // Only events with personal fields need a key (an erasure or a task event never creates one).
  const sealingKeyIds: Vault['sealingKeyIds'] = (customerId, events) => [
    ...new Set(
      events
        .filter((e) => hasPersonalFields(e.type))
        .map((e) => sealingKeyId(e.type, e.data as Json, customerId)),
    ),
  ];

  const sealEvents: Vault['sealEvents'] = (customerId, events, keys) =>
    events.map((event) => {
      const data = event.data as Json;
      const keyId = sealingKeyId(event.type, data, customerId);
      const sealed = sealData(event.type, event.id, data, keyId, keys.get(keyId) ?? null);
      return sealed === data ? event : { ...event, data: sealed as JsonObject };
    });

  return {
    schema: s,
    hashSummary,
    hashDedupKey: (key) => `h:${keyedHash(indexKey, `d:${key}`)}`,
    identityHash: (kind, value) => keyedHash(indexKey, `${kind}:${value}`),
    keysFor,
    keysForWriting: async (exec, ids) => {
      const keys = await keysFor(exec, ids);
      const absent = [...keys].filter(([, key]) => key === null).map(([id]) => id);
      const created = new Map<string, Buffer>();
      if (absent.length > 0) {
        // Only ids with no row get a key: a destroyed key (wrapped null) stays destroyed.
        const fresh = absent.map((id) => ({ id, key: newKey() }));
        const inserted = await exec.query<{ key_id: string }>(
          `INSERT INTO ${s}.pd_keys (key_id, wrapped)
           SELECT id, decode(w, 'base64') FROM unnest($1::text[], $2::text[]) AS u(id, w)
           ON CONFLICT (key_id) DO NOTHING RETURNING key_id`,
          [fresh.map((f) => f.id), fresh.map((f) => wrapKey(master, f.id, f.key).toString('base64'))],
        );
        const ours = new Set(inserted.map((r) => r.key_id));
        for (const f of fresh) if (ours.has(f.id)) created.set(f.id, f.key);
        // Ids that conflicted exist already (a concurrent writer, or a destroyed key): read them.
        const others = fresh.filter((f) => !ours.has(f.id)).map((f) => f.id);
        const read = others.length > 0 ? await readKeys(exec, others) : new Map<string, DataKey>();
        for (const id of absent) keys.set(id, created.get(id) ?? read.get(id) ?? null);
      }
      return {
        keys,
        commit: () => {
          for (const [id, key] of created) cache.set(id, key);
        },
      };
    },
    newCustomerKey: (customerId) => {
      const key = newKey();
      return {
        key,
        wrapped: wrapKey(master, customerId, key).toString('base64'),
        commit: () => cache.set(customerId, key),
      };
    },
    sealingKeyIds,
    sealEvents,
    sealNewCustomer: (customerId, events) => {
      const key = newKey();
      const sealed = sealEvents(customerId, events, new Map([[customerId, key]]));
      return {
        events: sealed,
        wrappedKey: wrapKey(master, customerId, key).toString('base64'),
        commit: () => cache.set(customerId, key),
      };
    },
    openEvents: async (exec, events) => {
      let ids: Set<string> | undefined;
      for (const e of events) {
        const part = sealedPartOf(e.data);
        if (part !== null) (ids ??= new Set()).add(part.k);
        if (e.type === 'PersonalDataErased') {
          // The keys named here are gone: whatever this process cached of them must not open anything.
          const erased = (e.data as Json)['customerIds'];
          if (Array.isArray(erased)) {
            for (const id of erased) if (typeof id === 'string') cache.delete(id);
            epoch += 1;
          }
        }
      }
      if (ids === undefined) return [...events];
      const keys = await keysFor(exec, ids);
      return events.map((e) => {
        const part = sealedPartOf(e.data);
        if (part === null) return e;
        const opened = openData(e.type, e.id, e.data as Json, keys.get(part.k) ?? null);
        return { ...e, data: opened as JsonObject };
      });
    },
    destroyKeys: async (exec, ids) => {
      for (const id of ids) cache.delete(id);
      epoch += 1;
      const rows = await exec.query<{ key_id: string }>(
        `UPDATE ${s}.pd_keys SET wrapped = NULL, destroyed_at = coalesce(destroyed_at, now())
          WHERE key_id = ANY($1::text[]) RETURNING key_id`,
        [[...ids]],
      );
      return rows.length;
    },
    forget: (ids) => {
      for (const id of ids) cache.delete(id);
      epoch += 1;
    },
    rewrap: async (exec, next) => {
      const count = await exec.transaction(async (tx) => {
        const rows = await tx.query<{ key_id: string; wrapped: string }>(
          `SELECT key_id, encode(wrapped, 'base64') AS wrapped FROM ${s}.pd_keys WHERE wrapped IS NOT NULL FOR UPDATE`,
        );
        const ids: string[] = [];
        const wrapped: string[] = [];
        for (const row of rows) {
          const key = unwrapKey(master, row.key_id, Buffer.from(row.wrapped, 'base64'));
          ids.push(row.key_id);
          wrapped.push(wrapKey(next, row.key_id, key).toString('base64'));
        }
        if (ids.length > 0)
          await tx.query(
            `UPDATE ${s}.pd_keys k SET wrapped = decode(u.wrapped, 'base64')
               FROM unnest($1::text[], $2::text[]) AS u(key_id, wrapped) WHERE k.key_id = u.key_id`,
            [ids, wrapped],
          );
        await tx.query(`UPDATE ${s}.pd_meta SET value = decode($2, 'base64') WHERE name = $1`, [
          INDEX_KEY,
          wrapKey(next, INDEX_KEY, indexKey).toString('base64'),
        ]);
        return ids.length;
      });
      master = next;
      return count;
    },
  };
};

export { customerOfStream };
