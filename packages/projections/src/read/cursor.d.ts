/** Encodes a list position as an opaque cursor (base64url JSON). */
export declare const encodeCursor: (key: ReadonlyArray<string>) => string;
/** Decodes a cursor made by `encodeCursor` with `arity` parts; null when it is not one. */
export declare const decodeCursor: (cursor: string, arity: number) => string[] | null;
/** One page of a list and the cursor of the next (null at the end). */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  readonly nextCursor: string | null;
}
//# sourceMappingURL=cursor.d.ts.map
