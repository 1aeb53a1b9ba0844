import type { DecodeError, LeadReceivedData } from '@leadflow/contracts';
import type { IngestChannel, RejectionReason } from './leadWriter';

/** A stored lead with the customer it belongs to now (after any merge). */
export interface StoredLead {
  readonly leadId: string;
  readonly customerId: string;
  readonly receivedAt: string;
  readonly lead: LeadReceivedData;
}

/** A refused delivery kept for review: its reason and its body, cut to the size limit. */
export interface RejectedLead {
  readonly id: string;
  readonly receivedAt: string;
  readonly channel: IngestChannel;
  readonly status: number;
  readonly reason: RejectionReason;
  readonly errors: ReadonlyArray<DecodeError>;
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly correlationId: string;
}

/** One page of a list and the cursor of the next (null at the end). */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor: string | null;
}

/**
 * True for a cursor of the review lists: the sequence number of the last row seen, as a bigint column
 * holds it. Anything else was not made by `nextCursor` and is refused rather than read as page 1.
 */
export const isReviewCursor = (cursor: string): boolean =>
  /^[0-9]{1,19}$/.test(cursor) && BigInt(cursor) <= 9223372036854775807n;

/** What the ingest API reads back: stored leads and the review lists. */
export interface LeadQueries {
  getLead(leadId: string): Promise<StoredLead | null>;
  listRejected(page: PageRequest): Promise<Page<RejectedLead>>;
  listUnrecognized(page: PageRequest): Promise<Page<StoredLead>>;
}
