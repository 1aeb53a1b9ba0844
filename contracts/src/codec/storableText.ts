import * as t from 'io-ts';

// PostgreSQL text and jsonb refuse U+0000, and UTF-8 has no encoding for an unpaired surrogate.
/* eslint-disable no-control-regex -- matching U+0000 is the point */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string holds neither U+0000 nor an unpaired surrogate, so a database can store it. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** What a refused text is told: the same words wherever it was sent. */
export const STORABLE_TEXT_NAME = 'text without U+0000 or unpaired surrogates';

/** A string a database can store: every text parameter and body field that reaches SQL goes through it. */
export const StorableText = new t.Type<string, string, unknown>(
  STORABLE_TEXT_NAME,
  (u): u is string => typeof u === 'string' && isStorableText(u),
  (u, context) =>
    typeof u === 'string' && isStorableText(u) ? t.success(u) : t.failure(u, context, STORABLE_TEXT_NAME),
  t.identity,
);
export type StorableText = t.TypeOf<typeof StorableText>;
