import * as t from 'io-ts';

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The decoded shape of a case-insensitive object: the declared (canonical) key spelling. */
export type CaseInsensitiveTypeOf<P extends t.Props> = { [K in keyof P]: t.TypeOf<P[K]> };

export interface CaseInsensitiveOptions {
  /** Missing or null decodes as an object whose fields all decode from `undefined`. */
  readonly absentAsEmpty: boolean;
}

/** The keys of `record` equal to `key` when compared case-insensitively, in insertion order. */
export const keysMatching = (record: Record<string, unknown>, key: string): string[] => {
  const wanted = key.toLowerCase();
  return Object.keys(record).filter((candidate) => candidate.toLowerCase() === wanted);
};

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Context handed to field codecs on the fast path: only failures read it, and those re-run with the real one. */
const NO_CONTEXT: t.Context = [];

/**
 * An object codec whose declared keys match the input's keys case-insensitively (`Email`, `email`,
 * `EMAIL`); error paths keep the key as sent. Unknown keys are ignored. Two spellings of one key
 * must decode to the same value, else the object is rejected.
 */
export const caseInsensitiveType = <P extends t.Props>(
  props: P,
  name: string,
  options: CaseInsensitiveOptions,
): t.Type<CaseInsensitiveTypeOf<P>, CaseInsensitiveTypeOf<P>, unknown> => {
  type A = CaseInsensitiveTypeOf<P>;
  const declared = Object.entries(props);
  // Declared position by lower-cased key, and by the spellings seen most (canonical and lower case).
  const byLowerKey = new Map(declared.map(([key], i) => [key.toLowerCase(), i] as const));
  const bySpelling = new Map([...declared.map(([key], i) => [key, i] as const), ...byLowerKey]);

  /** Full decoding: every error, each with its context (the key as sent). */
  const decodeFields = (record: Record<string, unknown>, context: t.Context): t.Validation<A> => {
    const errors: t.ValidationError[] = [];
    const decoded: Record<string, unknown> = {};
    for (const [key, codec] of declared) {
      const spellings = keysMatching(record, key);
      if (spellings.length === 0) {
        const result = codec.validate(undefined, t.appendContext(context, key, codec, undefined));
        if (result._tag === 'Left') errors.push(...result.left);
        else decoded[key] = result.right;
        continue;
      }
      let first: { readonly spelling: string; readonly value: unknown } | undefined;
      for (const spelling of spellings) {
        const value = record[spelling];
        const entryContext = t.appendContext(context, spelling, codec, value);
        const result = codec.validate(value, entryContext);
        if (result._tag === 'Left') {
          errors.push(...result.left);
        } else if (first === undefined) {
          first = { spelling, value: result.right };
          decoded[key] = result.right;
        } else if (!sameValue(first.value, result.right)) {
          const message = `conflicts with ${JSON.stringify(first.spelling)}: keys differing only in case must carry the same value`;
          errors.push({ value, context: entryContext, message });
        }
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(decoded as A);
  };

  /**
   * The common case in one pass over the keys, building no error context: each declared key sent
   * at most once and every field valid. Anything else returns undefined for `decodeFields` to report.
   */
  const decodeQuickly = (record: Record<string, unknown>): A | undefined => {
    const spellings: Array<string | undefined> = new Array<string | undefined>(declared.length);
    for (const spelling of Object.keys(record)) {
      const position = bySpelling.get(spelling) ?? byLowerKey.get(spelling.toLowerCase());
      if (position === undefined) continue;
      if (spellings[position] !== undefined) return undefined;
      spellings[position] = spelling;
    }
    const decoded: Record<string, unknown> = {};
    for (let i = 0; i < declared.length; i += 1) {
      const [key, codec] = declared[i] as [string, t.Mixed];
      const spelling = spellings[i];
      const result = codec.validate(spelling === undefined ? undefined : record[spelling], NO_CONTEXT);
      if (result._tag === 'Left') return undefined;
      decoded[key] = result.right;
    }
    return decoded as A;
  };

  const decodeRecord = (record: Record<string, unknown>, context: t.Context): t.Validation<A> => {
    const quick = decodeQuickly(record);
    return quick === undefined ? decodeFields(record, context) : t.success(quick);
  };
  const validate = (u: unknown, context: t.Context): t.Validation<A> => {
    if (isRecord(u)) return decodeRecord(u, context);
    if (options.absentAsEmpty && (u === undefined || u === null)) return decodeRecord({}, context);
    return t.failure(u, context);
  };
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => validate(u, [])._tag === 'Right',
    validate,
    t.identity,
  );
};
