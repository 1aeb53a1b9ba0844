import type { CustomerIdentity } from '@leadflow/domain';
import type { IdentitySummary } from '@leadflow/contracts';
import type {
  AppendError,
  AppendResult,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from '@leadflow/eventstore';
import type { Either } from 'fp-ts/Either';

/** A customer row of the write side's identity index. */
export type IndexedCustomer = CustomerIdentity & { readonly mergedInto: string | null };

/** What the write path records about an accepted lead besides its event. */
export interface LeadRecord {
  readonly leadId: string;
  readonly customerId: string;
  readonly streamName: string;
  readonly receivedAt: Date;
  readonly unrecognized: boolean;
  readonly dedupKey: string;
  /** The lead body's content hash, kept with the dedup key. */
  readonly contentHash: string;
}

/** An earlier delivery found under a lead's dedup key: its lead id and its customer now (after merges). */
export interface EarlierDelivery {
  readonly leadId: string;
  /** Null only if the lead directory lost the row (a broken invariant the caller reports). */
  readonly customerId: string | null;
  /** The content hash of that delivery's body; null when its key was claimed before hashes were kept. */
  readonly contentHash: string | null;
}

/** What the first read of a write finds: an earlier delivery of the lead, else the candidate customers. */
export interface LeadLookup {
  readonly earlier: EarlierDelivery | null;
  /** Current (not merged) customers holding any of the keys; empty when `earlier` is set. */
  readonly candidates: IndexedCustomer[];
}

/** The identity index changes that go with a recorded lead. */
export interface IndexUpdate {
  /** Keys the customer now holds (added if missing). */
  readonly keys: ReadonlyArray<string>;
  /** The customer's new identity summary; null when unchanged (a customer created with it). */
  readonly summary: IdentitySummary | null;
}

/**
 * One write-path transaction: the identity index, dedup keys and lead directory, and the customer
 * streams, changed together. SQL stores run it all in one database transaction; a store whose
 * events live elsewhere (KurrentDB) appends there and keeps the index rebuildable from the streams.
 */
export interface WriteTx {
  /** One round trip: an earlier delivery under this dedup key since `since`, else the candidates of `keys`. */
  lookup(dedupKey: string, since: Date, keys: ReadonlyArray<string>): Promise<LeadLookup>;
  /** The earlier delivery under this dedup key since `since`, if any. */
  findEarlier(dedupKey: string, since: Date): Promise<EarlierDelivery | null>;
  /** Current (not merged) customers holding any of the keys. */
  candidates(keys: ReadonlyArray<string>): Promise<IndexedCustomer[]>;
  /** Locks the customers' index rows until the end of the transaction (in id order); returns them. */
  lockCustomers(customerIds: ReadonlyArray<string>): Promise<IndexedCustomer[]>;
  /** Creates a customer row; false when the id exists already (a concurrent writer created it). */
  createCustomer(customerId: string, createdAt: Date, summary: IdentitySummary): Promise<boolean>;
  /** Points the merged customer's keys and leads at the survivor. */
  markMerged(mergedId: string, survivorId: string): Promise<void>;
  /**
   * Claims the lead's dedup key, records the lead and updates its customer's index entry, in one
   * round trip; false (nothing written) when another writer claimed the key first.
   */
  recordLead(lead: LeadRecord, since: Date, index: IndexUpdate): Promise<boolean>;
  readStream(streamName: string): Promise<readonly RecordedEvent[]>;
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<Either<AppendError, AppendResult>>;
}

/** Thrown inside a write transaction to roll it back and try again (bounded by the caller). */
export class RetryWrite extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryWrite';
  }
}

/** A lead written as a new customer's first lead by `DirectWrites.writeFirstLead`, unless the lookup finds otherwise. */
export interface NewCustomerWrite {
  readonly customerId: string;
  readonly summary: IdentitySummary;
  readonly lead: LeadRecord;
  readonly since: Date;
  readonly keys: ReadonlyArray<string>;
  readonly events: readonly NewEvent[];
  /** The new customer's data key wrapped by the master key (base64), stored with the events; none: clear events. */
  readonly wrappedKey?: string;
  /**
   * Candidate customers a lookup already found and the lead resolved against to a new customer (none
   * of them is its person): the lead is written unless another candidate has appeared since.
   */
  readonly seen?: ReadonlyArray<string>;
}

/** What `writeFirstLead` did. */
export type FirstLeadOutcome =
  /** The new customer and its first lead are stored. */
  | { readonly kind: 'written' }
  /** Nothing written: the lookup found an earlier delivery or candidate customers. */
  | { readonly kind: 'known'; readonly lookup: LeadLookup }
  /** Nothing written: the customer id, the dedup key or the stream was taken by a concurrent writer. */
  | { readonly kind: 'conflict' };

/**
 * Single-statement writes outside a transaction, for a store where one statement can do what the
 * common case of `WriteTx` does in several round trips (SQL stores).
 */
export interface DirectWrites {
  /**
   * `WriteTx.lookup` (read committed: what a transaction's first read sees) and, when it finds no
   * earlier delivery and no candidate (none but `seen`), the new customer, the dedup-key claim, the
   * lead and its keys and its events on the new stream, all or nothing. Concurrent calls may share
   * one statement and one commit.
   */
  writeFirstLead(write: NewCustomerWrite): Promise<FirstLeadOutcome>;
}

/**
 * How the write side keeps identity without clear text: the identity index and the dedup keys hold
 * keyed hashes of the values (the match rules compare for equality only, so they work unchanged).
 */
export interface IdentityHashing {
  /** A summary with every email, phone, name and company replaced by its keyed hash. */
  hashSummary(summary: IdentitySummary): IdentitySummary;
  hashDedupKey(key: string): string;
}

/** Seals a new customer's first events under a new key of its own, for writers that store the key beside them. */
export interface NewCustomerSealing {
  /** The events sealed, the wrapped key (base64) to insert with them, and `commit` to call once they are stored. */
  sealNewCustomer(
    customerId: string,
    events: readonly NewEvent[],
  ): { events: NewEvent[]; wrappedKey: string; commit: () => void };
}

/** Runs write transactions. */
export interface WriteSide {
  transact<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Keyed hashing of identity and dedup keys; absent: clear values (stores without personal-data protection). */
  readonly identity?: IdentityHashing;
  /** The store's single-statement writes, when it has them (tried before a transaction). */
  readonly direct?: DirectWrites;
  /** True when the error means "try the whole transaction again" (conflict, deadlock, unique race). */
  isRetryable(error: unknown): boolean;
}
