import { decodeError, jsonPointer, type DecodeError } from '@leadflow/contracts';

// U+0000 and unpaired surrogates cannot be stored in PostgreSQL text or jsonb.
/* eslint-disable no-control-regex -- matching U+0000 is the point */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string can be stored as PostgreSQL text/jsonb. */
export const isStorable = (text: string): boolean => !UNSTORABLE.test(text);

/** Paths of keys and strings in a JSON value that hold U+0000 or an unpaired surrogate. */
export const unstorableStrings = (value: unknown, path: string[] = []): DecodeError[] => {
  if (typeof value === 'string') {
    return isStorable(value)
      ? []
      : [decodeError(jsonPointer(path), 'expected text without U+0000 or unpaired surrogates')];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableStrings(item, [...path, String(i)]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      isStorable(key)
        ? unstorableStrings(item, [...path, key])
        : [
            decodeError(
              jsonPointer([...path, key.replace(UNSTORABLE, '\uFFFD')]),
              'expected a key without U+0000 or unpaired surrogates',
            ),
          ],
    );
  }
  return [];
};

/** Replaces what PostgreSQL cannot store, for texts kept only for review (rejected bodies, messages). */
export const storableCopy = (text: string): string =>
  text
    .replace(/\u0000/g, '\uFFFD')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD');
