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
}

/**
 * One write-path transaction: the identity index, dedup keys and lead directory, and the customer
 * streams, changed together. SQL stores run it all in one database transaction; a store whose
 * events live elsewhere (KurrentDB) appends there and keeps the index rebuildable from the streams.
 */
export interface WriteTx {
  /** The lead stored under this dedup key since `since`, if any. */
  findDedup(dedupKey: string, since: Date): Promise<string | null>;
  /** The customer a stored lead belongs to now (after merges). */
  customerOfLead(leadId: string): Promise<string | null>;
  /** Current (not merged) customers holding any of the keys. */
  candidates(keys: ReadonlyArray<string>): Promise<IndexedCustomer[]>;
  /** Locks the customers' index rows until the end of the transaction (in id order); returns them. */
  lockCustomers(customerIds: ReadonlyArray<string>): Promise<IndexedCustomer[]>;
  /** Creates a customer row; false when the id exists already (a concurrent writer created it). */
  createCustomer(customerId: string, createdAt: Date, summary: IdentitySummary): Promise<boolean>;
  updateSummary(customerId: string, summary: IdentitySummary): Promise<void>;
  addKeys(customerId: string, keys: ReadonlyArray<string>): Promise<void>;
  /** Points the merged customer's keys and leads at the survivor. */
  markMerged(mergedId: string, survivorId: string): Promise<void>;
  /** Records the lead and claims its dedup key; false when another writer claimed the key first. */
  recordLead(lead: LeadRecord, since: Date): Promise<boolean>;
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

/** Runs write transactions. */
export interface WriteSide {
  transact<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** True when the error means "try the whole transaction again" (conflict, deadlock, unique race). */
  isRetryable(error: unknown): boolean;
}
