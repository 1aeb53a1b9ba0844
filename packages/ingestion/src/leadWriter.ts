import type { DecodeError, LeadRejectionReason } from '@leadflow/contracts';

/** Where a lead came in: the path matters for review, never for the outcome. */
export type IngestChannel = 'http' | 'marketplace' | 'kafka';

/** One lead as it arrived: the raw text (the write path parses, limits and decodes it). */
export interface IngestRequest {
  readonly text: string;
  readonly idempotencyKey: string | null;
  readonly receivedAt: Date;
  readonly correlationId: string;
  readonly channel: IngestChannel;
  /**
   * Who sent it, when a token says (a digest, never the token): an Idempotency-Key is that client's
   * own, so two clients may use the same key for different leads. Null in open mode and on Kafka.
   */
  readonly sender?: string | null;
}

/**
 * Why the write path refused a lead: too large (413), not JSON, nested too deep or not a lead (400),
 * an Idempotency-Key sent again with another body (422).
 */
export type WriteRejectionReason = LeadRejectionReason;

/**
 * Why a delivery was refused: the write path's reasons, and refusals of the HTTP request around the
 * lead: a body type other than JSON (415), a bad header or batch (400).
 */
export type RejectionReason =
  WriteRejectionReason | 'unsupported-media-type' | 'invalid-header' | 'invalid-batch';

/** A refusal decided before the write path (by the HTTP route), to keep for review like any other. */
export interface Refusal {
  readonly status: 400 | 413 | 415 | 422;
  readonly reason: RejectionReason;
  readonly errors: ReadonlyArray<DecodeError>;
}

/** A refused delivery: its status, reason, field errors, and the id it is kept under for review. */
export interface Rejected<R extends RejectionReason = WriteRejectionReason> {
  readonly kind: 'rejected';
  readonly status: 400 | 413 | 415 | 422;
  readonly reason: R;
  readonly errors: ReadonlyArray<DecodeError>;
  readonly rejectionId: string;
}

/** The answer for one lead. */
export type IngestOutcome<R extends RejectionReason = WriteRejectionReason> =
  | {
      readonly kind: 'accepted';
      readonly leadId: string;
      readonly customerId: string;
      readonly duplicate: boolean;
    }
  | Rejected<R>;

/**
 * A batch item's answer: its outcome, or the error the write path failed with (the item is not
 * stored); `tried`: the item's own attempt failed, rather than an earlier item's stopping the batch.
 */
export type BatchOutcome =
  IngestOutcome | { readonly kind: 'failed'; readonly error: unknown; readonly tried: boolean };

/** The write path: decode, normalise, resolve identity, decide and append — or reject and keep for review. */
export interface LeadWriter {
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /**
   * Many leads, answered in their order, with the outcomes they would have one by one in that order:
   * leads that share a dedup key or an identity key are written one after the other, the others
   * together (so the store may write them in one statement). After a failure no further lead is tried.
   */
  ingestMany(requests: ReadonlyArray<IngestRequest>): Promise<BatchOutcome[]>;
  /** Keeps a delivery the route refused (its body cut to the limit), counted like the write path's own. */
  refuse(request: IngestRequest, refusal: Refusal): Promise<Rejected<RejectionReason>>;
}
