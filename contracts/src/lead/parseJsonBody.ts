import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { DecodeError } from './decodeErrors';
import { decodeError } from './decodeErrors';
import { decodeLead } from './decodeLead';
import type { IncomingLead } from './incomingLead';

/** Default size limit of one lead body: 64 KiB. */
export const DEFAULT_MAX_LEAD_BYTES = 64 * 1024;

/**
 * Why a lead body was rejected: `too-large` answers 413, `idempotency-key-reused` (the key came
 * before with another body) 422, the others 400.
 */
export type LeadRejectionReason =
  'too-large' | 'not-json' | 'too-deep' | 'invalid' | 'idempotency-key-reused';

/** A rejected lead body: the reason and each bad field by path. */
export interface LeadRejection {
  readonly reason: LeadRejectionReason;
  readonly errors: DecodeError[];
}

/** UTF-8 length of a string without allocating (lone surrogates count 3 bytes, as TextEncoder writes U+FFFD). */
export const utf8ByteLength = (text: string): number => {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
};

/** Passes the text on when its UTF-8 size is within `maxBytes`, else an error at path "". */
export const checkBodySize = (
  text: string,
  maxBytes = DEFAULT_MAX_LEAD_BYTES,
): E.Either<DecodeError[], string> => {
  // A UTF-16 unit takes at most 3 UTF-8 bytes (a pair takes 4): short texts need no counting.
  if (text.length * 3 <= maxBytes) return E.right(text);
  const size = utf8ByteLength(text);
  return size <= maxBytes
    ? E.right(text)
    : E.left([decodeError('', `expected a lead body of at most ${maxBytes} bytes, got ${size} bytes`)]);
};

/** Parses a request body as JSON; a syntax error becomes a DecodeError at path "" with the parser's reason. */
export const parseJsonBody = (text: string): E.Either<DecodeError[], unknown> =>
  E.tryCatch(
    () => JSON.parse(text) as unknown,
    (error) => [decodeError('', `expected a JSON document, got text that does not parse: ${String(error)}`)],
  );

const rejectAs =
  (reason: LeadRejectionReason) =>
  (errors: DecodeError[]): LeadRejection => ({ reason, errors });

/** The whole inbound path for one body as text: size limit, JSON parse, form detection and decoding. */
export const decodeLeadText = (
  text: string,
  maxBytes = DEFAULT_MAX_LEAD_BYTES,
): E.Either<LeadRejection, IncomingLead> =>
  pipe(
    checkBodySize(text, maxBytes),
    E.mapLeft(rejectAs('too-large')),
    E.chain((checked) => pipe(parseJsonBody(checked), E.mapLeft(rejectAs('not-json')))),
    E.chain((body) => pipe(decodeLead(body), E.mapLeft(rejectAs('invalid')))),
  );
