import type { IncomingLead } from '@leadflow/contracts';

/**
 * "Same lead": the Idempotency-Key header, else the canonical lead's id, else the body's
 * content hash. Namespaced so that one kind of key never collides with another.
 */
export const dedupKeyOf = (
  idempotencyKey: string | null,
  lead: Pick<IncomingLead, 'producerLeadId'>,
  contentHash: string,
): string => {
  const key = idempotencyKey?.trim();
  if (key !== undefined && key !== '') return `idem:${key}`;
  if (lead.producerLeadId !== null && lead.producerLeadId.trim() !== '')
    return `id:${lead.producerLeadId.trim()}`;
  return `hash:${contentHash}`;
};
