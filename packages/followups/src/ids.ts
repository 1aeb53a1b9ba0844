import { createHash } from 'node:crypto';

/** A UUID (version 8 layout) derived from a name: the same name always gives the same id. */
export const uuidFromName = (name: string): string => {
  const hash = createHash('sha256').update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The stored id of a follow-up event, from (task id, event type): redelivery, a second scanner or a
 * repeated API call appends the same id, which the store treats as a no-op.
 */
export const followUpEventId = (taskId: string, type: string): string =>
  uuidFromName(`followup:${taskId}:${type}`);
