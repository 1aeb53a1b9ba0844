import {
  customerStreamName,
  decodeStoredEvent,
  type ErasureReason,
  type PersonalDataErasedData,
} from '@leadflow/contracts';
import { identityKeys, normaliseCustomer, summaryOfLead } from '@leadflow/domain';
import type { SqlEventStoreTx, SqlExecutor } from '@leadflow/eventstore';
import { createHash, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { PrivateSqlEventStore } from './privateStore';

/** What an erasure removed: counts only, never the data. */
export interface ErasureRemoved {
  readonly customers: number;
  readonly keys: number;
  readonly identityKeys: number;
  readonly dedupKeys: number;
  readonly rejectedBodies: number;
}

/** An erasure request as `GET /v1/privacy/erasures/{id}` shows it. */
export interface ErasureStatus {
  readonly erasureId: string;
  readonly customerId: string;
  readonly reason: ErasureReason;
  readonly status: 'completed';
  readonly requestedAt: string;
  readonly finishedAt: string | null;
  readonly removed: ErasureRemoved | null;
}

/** What an erasure call answers: the erasure's status, and whether this call did it (not an earlier one). */
export interface ErasureOutcome extends ErasureStatus {
  readonly erasedNow: boolean;
}

interface ErasureRow {
  erasure_id: string;
  customer_id: string;
  reason: ErasureReason;
  status: 'completed';
  requested_at: Date | string;
  finished_at: Date | string | null;
  removed: ErasureRemoved | null;
}

const toStatus = (row: ErasureRow): ErasureStatus => ({
  erasureId: row.erasure_id,
  customerId: row.customer_id,
  reason: row.reason,
  status: row.status,
  requestedAt: new Date(row.requested_at).toISOString(),
  finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  removed: row.removed,
});

/** A deterministic event id, so a retried erasure appends nothing twice. */
const eventId = (name: string): string => {
  const hex = createHash('sha256').update(name, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const likeLiteral = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

class Moved extends Error {}

/** The contact values of a person in their leads (original and normalised), to find rejected bodies that hold them. */
const contactValuesOf = async (tx: SqlEventStoreTx, ids: ReadonlyArray<string>): Promise<string[]> => {
  const values = new Set<string>();
  for (const id of ids) {
    for (const recorded of await tx.readStream(customerStreamName(id))) {
      if (recorded.type !== 'LeadReceived') continue;
      const decoded = decodeStoredEvent(recorded);
      if (E.isLeft(decoded) || decoded.right.type !== 'LeadReceived') continue;
      const { original, normalised } = decoded.right.data.customer;
      for (const v of [original.email, original.phone, normalised.email, normalised.phone])
        if (v !== null && v.trim().length >= 5) values.add(v.trim());
      // A phone as received may be formatted differently in another body: its digits find it too.
      const digits = (normalised.phone ?? '').replace(/\D/g, '');
      if (digits.length >= 7) values.add(digits);
    }
  }
  return [...values];
};

/** Erasure by customer, email or phone; status of past erasures. */
export interface ErasureService {
  /** The current customer holding this email or phone in the (hashed) identity index, if any. */
  findCustomer(contact: { email?: string; phone?: string; country?: string }): Promise<string | null>;
  /**
   * Erases a customer and every customer merged into it: keys destroyed, PersonalDataErased appended
   * to each stream, identity and dedup entries and matching rejected bodies deleted, in one
   * transaction. Idempotent: a customer erased before answers its earlier erasure. Null: unknown id.
   */
  erase(customerId: string, reason: ErasureReason): Promise<ErasureOutcome | null>;
  status(erasureId: string): Promise<ErasureStatus | null>;
}

export const createErasureService = (
  store: PrivateSqlEventStore,
  options: { now?: () => Date; onErased?: (reason: ErasureReason) => void } = {},
): ErasureService => {
  const s = store.schema;
  const now = options.now ?? (() => new Date());

  const survivorOf = async (sql: SqlExecutor, id: string): Promise<string | null> => {
    const rows = await sql.query<{ survivor: string }>(
      `SELECT coalesce(merged_into, customer_id) AS survivor FROM ${s}.ws_customers WHERE customer_id = $1`,
      [id],
    );
    return rows[0]?.survivor ?? null;
  };

  const existing = async (sql: SqlExecutor, customerId: string) => {
    const rows = await sql.query<ErasureRow>(`SELECT * FROM ${s}.pd_erasures WHERE customer_id = $1`, [
      customerId,
    ]);
    return rows[0] === undefined ? null : toStatus(rows[0]);
  };

  const eraseOnce = async (survivor: string, reason: ErasureReason): Promise<ErasureOutcome> =>
    store.transaction(async (tx) => {
      const sql = tx.executor;
      // The write path locks the customers a lead resolves to: a lead racing this erasure either
      // commits first (and is erased with the rest) or re-checks after it and finds no one.
      const locked = await sql.query<{ customer_id: string; merged_into: string | null }>(
        `SELECT customer_id, merged_into FROM ${s}.ws_customers
          WHERE customer_id = $1 OR merged_into = $1 ORDER BY customer_id FOR UPDATE`,
        [survivor],
      );
      if (locked.some((r) => r.customer_id === survivor && r.merged_into !== null)) throw new Moved();
      const done = await existing(sql, survivor);
      if (done !== null) return { ...done, erasedNow: false };
      const ids = locked.map((r) => r.customer_id);
      const erasureId = randomUUID();
      const at = now();
      const contacts = await contactValuesOf(tx, ids);
      const identity = await sql.query(
        `DELETE FROM ${s}.ws_identity_keys WHERE customer_id = ANY($1::text[]) RETURNING 1`,
        [ids],
      );
      const dedup = await sql.query(
        `DELETE FROM ${s}.ws_dedup_keys d USING ${s}.ws_leads l
          WHERE d.lead_id = l.lead_id AND l.customer_id = ANY($1::text[]) RETURNING 1`,
        [ids],
      );
      await sql.query(
        `UPDATE ${s}.ws_customers SET summary = '{"emails":[],"phones":[],"names":[]}'::jsonb
          WHERE customer_id = ANY($1::text[])`,
        [ids],
      );
      const keys = await store.vault.destroyKeys(sql, ids);
      const rejected =
        contacts.length === 0
          ? []
          : await sql.query(
              `DELETE FROM ${s}.ws_rejected_leads WHERE body ILIKE ANY($1::text[]) RETURNING 1`,
              [contacts.map(likeLiteral)],
            );
      const data: PersonalDataErasedData = {
        customerId: survivor,
        erasureId,
        erasedAt: at.toISOString(),
        reason,
        customerIds: ids,
      };
      for (const id of ids) {
        const appended = await tx.appendToStream(
          customerStreamName(id),
          [
            {
              id: eventId(`erasure:${erasureId}:${id}`),
              type: 'PersonalDataErased',
              data: { ...data, customerId: id },
              metadata: { schemaVersion: 1, correlationId: erasureId, causationId: erasureId },
            },
          ],
          'any',
        );
        if (E.isLeft(appended)) throw new Error(`erasure of ${id}: ${appended.left.message}`);
      }
      const removed: ErasureRemoved = {
        customers: ids.length,
        keys,
        identityKeys: identity.length,
        dedupKeys: dedup.length,
        rejectedBodies: rejected.length,
      };
      const rows = await sql.query<ErasureRow>(
        `INSERT INTO ${s}.pd_erasures (erasure_id, customer_id, reason, status, requested_at, finished_at, removed)
         VALUES ($1, $2, $3, 'completed', $4, $5, $6::jsonb) RETURNING *`,
        [erasureId, survivor, reason, at, now(), JSON.stringify(removed)],
      );
      options.onErased?.(reason);
      return { ...toStatus(rows[0]!), erasedNow: true };
    });

  return {
    findCustomer: async ({ email, phone, country }) => {
      const normalised = normaliseCustomer({
        firstName: null,
        lastName: null,
        email: email ?? null,
        phone: phone ?? null,
        country: country ?? null,
        company: null,
        title: null,
      });
      const keys = identityKeys(store.vault.hashSummary(summaryOfLead(normalised)));
      if (keys.length === 0) return null;
      const rows = await store.executor.query<{ customer_id: string }>(
        `SELECT DISTINCT coalesce(c.merged_into, c.customer_id) AS customer_id
           FROM ${s}.ws_identity_keys k JOIN ${s}.ws_customers c ON c.customer_id = k.customer_id
          WHERE k.key = ANY($1::text[]) ORDER BY 1 LIMIT 1`,
        [keys],
      );
      return rows[0]?.customer_id ?? null;
    },
    erase: async (customerId, reason) => {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const survivor = await survivorOf(store.executor, customerId);
        if (survivor === null) return null;
        try {
          const status = await eraseOnce(survivor, reason);
          store.notifyCommitted();
          return status;
        } catch (error) {
          // Merged into another customer meanwhile: erase that one (it holds this one's data now).
          if (!(error instanceof Moved)) throw error;
        }
      }
      throw new Error(`customer ${customerId} kept moving while being erased`);
    },
    status: async (erasureId) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(erasureId)) return null;
      const rows = await store.executor.query<ErasureRow>(
        `SELECT * FROM ${s}.pd_erasures WHERE erasure_id = $1`,
        [erasureId],
      );
      return rows[0] === undefined ? null : toStatus(rows[0]);
    },
  };
};
