/** Encodes a list position as an opaque cursor (base64url JSON). */
export const encodeCursor = (key: ReadonlyArray<string>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Decodes a cursor made by `encodeCursor` with `arity` parts; null when it is not one. */
export const decodeCursor = (cursor: string, arity: number): string[] | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && parsed.length === arity && parsed.every((p) => typeof p === 'string')
      ? (parsed as string[])
      : null;
  } catch {
    return null;
  }
};

/** One page of a list and the cursor of the next (null at the end). */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  readonly nextCursor: string | null;
}
