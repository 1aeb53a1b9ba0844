import { decodeError, jsonPointer, type DecodeError } from '@leadflow/contracts';

// U+0000 and unpaired surrogates cannot be stored in PostgreSQL text or jsonb.
/* eslint-disable no-control-regex -- matching U+0000 is the point */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string can be stored as PostgreSQL text/jsonb. */
export const isStorable = (text: string): boolean => !UNSTORABLE.test(text);

/** A place in a value being walked: its key and its parent's place, so a path is built only when needed. */
interface Place {
  readonly key: string;
  readonly parent: Place | null;
}

const pathOf = (place: Place | null): string => {
  const keys: string[] = [];
  for (let at = place; at !== null; at = at.parent) keys.push(at.key);
  return jsonPointer(keys.reverse());
};

type Pending =
  | { readonly kind: 'value'; readonly value: unknown; readonly place: Place | null }
  | { readonly kind: 'bad-key'; readonly place: Place };

/**
 * Paths of keys and strings in a JSON value that hold U+0000 or an unpaired surrogate, in document
 * order. Walks with an explicit stack, so no nesting depth can exhaust the call stack.
 */
export const unstorableStrings = (value: unknown): DecodeError[] => {
  const found: DecodeError[] = [];
  const pending: Pending[] = [{ kind: 'value', value, place: null }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === 'bad-key') {
      found.push(decodeError(pathOf(next.place), 'expected a key without U+0000 or unpaired surrogates'));
      continue;
    }
    const { value: item, place } = next;
    if (typeof item === 'string') {
      if (!isStorable(item))
        found.push(decodeError(pathOf(place), 'expected text without U+0000 or unpaired surrogates'));
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const entries: Array<[string, unknown]> = Array.isArray(item)
      ? item.map((child, i) => [String(i), child])
      : Object.entries(item);
    // Pushed last to first, so they are popped in document order.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      if (isStorable(key)) pending.push({ kind: 'value', value: child, place: { key, parent: place } });
      else
        pending.push({ kind: 'bad-key', place: { key: key.replace(UNSTORABLE, '\uFFFD'), parent: place } });
    }
  }
  return found;
};

/** Replaces what PostgreSQL cannot store, for texts kept only for review (rejected bodies, messages). */
export const storableCopy = (text: string): string =>
  text
    .replace(/\u0000/g, '\uFFFD')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD');
