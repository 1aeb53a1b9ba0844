import { createHash, randomUUID } from 'node:crypto';

/** A UUID (version 8 layout, RFC 9562) derived from a name: the same name always gives the same id. */
export const uuidFromName = (name: string): string => {
  const hash = createHash('sha256').update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The id of a customer a lead starts: derived from its strongest identity key, so concurrent
 * first leads of one person race for the same stream (and one wins); anonymous leads get their own.
 */
export const newCustomerId = (keys: ReadonlyArray<string>, leadId: string): string =>
  uuidFromName(keys.length > 0 ? `customer:${keys[0]}` : `customer:lead:${leadId}`);

/** A fresh lead id. */
export const newLeadId = (): string => randomUUID();
