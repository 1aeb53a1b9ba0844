import { isStorableText } from '@leadflow/contracts';

/** Encodes a list position as an opaque cursor (base64url JSON). */
export const encodeCursor = (key: ReadonlyArray<string>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Decodes a cursor made by `encodeCursor` with `arity` parts; null when it is not one. */
export const decodeCursor = (cursor: string, arity: number): string[] | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((p) => typeof p === 'string' && isStorableText(p))
      ? (parsed as string[])
      : null;
  } catch {
    return null;
  }
};

const MAX_BIGINT = 9223372036854775807n;

/**
 * True for a log position a bigint column can hold. A cursor is the client's to send back: one that
 * the database would refuse to cast is a bad cursor (400), not a server error.
 */
export const isPosition = (text: string): boolean => /^[0-9]{1,19}$/.test(text) && BigInt(text) <= MAX_BIGINT;

/** Decodes a one-part cursor holding a log position; null when it is not one. */
export const decodePositionCursor = (cursor: string): string | null => {
  const parts = decodeCursor(cursor, 1);
  return parts !== null && isPosition(parts[0]!) ? parts[0]! : null;
};

/** One page of a list and the cursor of the next (null at the end). */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  readonly nextCursor: string | null;
}
