import { createHash } from 'node:crypto';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical text of a JSON value for content comparison: object keys lower-cased and sorted
 * (keys equal after lower-casing ordered by their values), strings trimmed, array order kept.
 */
export const canonicalContent = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.trim());
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalContent(item))).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol')
        .map(([key, item]) => [JSON.stringify(key.toLowerCase()), canonicalContent(item)] as const)
        .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
      return `{${entries.map(([key, item]) => `${key}:${item}`).join(',')}}`;
    }
    default:
      return 'null';
  }
};

/** SHA-256 hex of a body's canonical content: equal for bodies differing only in key case, key order or surrounding whitespace. */
export const contentHash = (body: unknown): string =>
  createHash('sha256').update(canonicalContent(body)).digest('hex');

/** The dedup key of a webhook payload (SPEC 1.3: same content within the dedup window); works on canonical leads too. */
export const webhookContentKey = (body: unknown): string => contentHash(body);
