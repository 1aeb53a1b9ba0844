import type { DecodeError } from '@leadflow/contracts';

/** Where a lead came in: the path matters for review, never for the outcome. */
export type IngestChannel = 'http' | 'marketplace' | 'kafka';

/** One lead as it arrived: the raw text (the write path parses, limits and decodes it). */
export interface IngestRequest {
  readonly text: string;
  readonly idempotencyKey: string | null;
  readonly receivedAt: Date;
  readonly correlationId: string;
  readonly channel: IngestChannel;
}

/** Why a lead was refused: too large (413), not JSON or not a lead (400). */
export type RejectionReason = 'too-large' | 'not-json' | 'invalid';

/** The answer for one lead. */
export type IngestOutcome =
  | {
      readonly kind: 'accepted';
      readonly leadId: string;
      readonly customerId: string;
      readonly duplicate: boolean;
    }
  | {
      readonly kind: 'rejected';
      readonly status: 400 | 413;
      readonly reason: RejectionReason;
      readonly errors: ReadonlyArray<DecodeError>;
      readonly rejectionId: string;
    };

/** The write path: decode, normalise, resolve identity, decide and append — or reject and keep for review. */
export interface LeadWriter {
  ingest(request: IngestRequest): Promise<IngestOutcome>;
}
