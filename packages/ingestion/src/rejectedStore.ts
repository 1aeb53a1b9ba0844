import type { DecodeError } from '@leadflow/contracts';
import type { IngestChannel, RejectionReason } from './leadWriter';
import type { Page, PageRequest, RejectedLead } from './leadQueries';

/** A refused delivery to keep for review. */
export interface Rejection {
  readonly receivedAt: Date;
  readonly channel: IngestChannel;
  readonly status: number;
  readonly reason: RejectionReason;
  readonly errors: ReadonlyArray<DecodeError>;
  readonly body: string;
  readonly correlationId: string;
}

/**
 * The bounded store of refused deliveries: past `maxCount` the oldest are dropped (and counted),
 * so bad input can never fill the disk.
 */
export interface RejectedStore {
  /** Keeps the rejection (body cut to the size limit); returns its id and how many old ones were dropped. */
  add(rejection: Rejection): Promise<{ rejectionId: string; dropped: number }>;
  list(page: PageRequest): Promise<Page<RejectedLead>>;
}

/** Cuts a body to at most `maxBytes` of UTF-8 without splitting a character. */
export const truncateUtf8 = (text: string, maxBytes: number): { body: string; truncated: boolean } => {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { body: text, truncated: false };
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // back off a continuation byte
  return { body: bytes.subarray(0, end).toString('utf8'), truncated: true };
};
