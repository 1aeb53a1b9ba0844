import type { TaskKind, TaskTrigger } from '@leadflow/contracts';

/** One 32-bit FNV-1a lane with its own offset basis, finished with a murmur-style avalanche. */
const lane = (text: string, basis: number): number => {
  let h = basis;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

const BASES = [0x811c9dc5, 0x050c5d1f, 0x2f8f6a3b, 0x6c8e9cf5];

/** 128-bit non-cryptographic digest as 32 hex digits (pure, no node:crypto in the domain). */
export const digest128 = (text: string): string =>
  BASES.map((basis) => lane(text, basis).toString(16).padStart(8, '0')).join('');

/**
 * Deterministic task id from (customer, kind, trigger): a redelivered event recomputes the same id,
 * so it can never open a second task. Formatted like a UUID for downstream systems.
 */
export const taskIdOf = (customerId: string, kind: TaskKind, trigger: TaskTrigger): string => {
  const hex = digest128(`${customerId}\u0000${kind}\u0000${trigger.kind}:${trigger.id}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
