import { hash } from 'node:crypto';

// Object keys recur from body to body: remember each spelling's quoted lower-case form (bounded).
const QUOTED_KEYS_LIMIT = 1024;
const quotedKeys = new Map<string, string>();

/** `JSON.stringify(key.toLowerCase())`, memoised. */
const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key.toLowerCase());
    if (quotedKeys.size < QUOTED_KEYS_LIMIT) quotedKeys.set(key, quoted);
  }
  return quoted;
};

// What JSON.stringify escapes in a string (`"`, `\`, control characters, lone surrogates; every
// surrogate here, to stay simple): a string without any is quoted as is, at half the cost.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)` for a string. */
const quoteString = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

const arrayContent = (value: ReadonlyArray<unknown>): string => {
  let text = '[';
  for (let i = 0; i < value.length; i += 1) {
    if (i > 0) text += ',';
    // A hole writes nothing, as `Array.prototype.join` does.
    if (!(i in value)) continue;
    const item: unknown = value[i];
    text += item === undefined ? 'null' : canonicalContent(item);
  }
  return `${text}]`;
};

const objectContent = (value: Record<string, unknown>): string => {
  const names: string[] = [];
  const texts: string[] = [];
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const name = quotedKey(key);
    const text = canonicalContent(item);
    // Insertion sort by (key, value): objects are small, and equal pairs write the same text.
    let i = names.length;
    names.push(name);
    texts.push(text);
    for (; i > 0; i -= 1) {
      const before = names[i - 1] as string;
      if (before < name || (before === name && (texts[i - 1] as string) <= text)) break;
      names[i] = before;
      texts[i] = texts[i - 1] as string;
    }
    names[i] = name;
    texts[i] = text;
  }
  let text = '{';
  for (let i = 0; i < names.length; i += 1) text += `${i > 0 ? ',' : ''}${names[i]}:${texts[i]}`;
  return `${text}}`;
};

/**
 * The canonical text of a JSON value for content comparison: object keys lower-cased and sorted
 * (keys equal after lower-casing ordered by their values), strings trimmed, array order kept.
 * Built in one pass, without intermediate entry arrays.
 */
export const canonicalContent = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteString(value.trim());
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      return Array.isArray(value)
        ? arrayContent(value as ReadonlyArray<unknown>)
        : objectContent(value as Record<string, unknown>);
    default:
      return 'null';
  }
};

/** SHA-256 hex of a body's canonical content: equal for bodies differing only in key case, key order or surrounding whitespace. */
export const contentHash = (body: unknown): string => hash('sha256', canonicalContent(body), 'hex');

/** The dedup key of a webhook payload (same content within the dedup window); works on canonical leads too. */
export const webhookContentKey = (body: unknown): string => contentHash(body);
