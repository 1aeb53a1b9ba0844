import { isStorableText } from '@leadflow/contracts';
import type { FieldError } from '@leadflow/http';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

const isCombinator = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.IntersectionType || type instanceof t.UnionType;

/** JSON pointer of a validation error; the member indexes of intersections and unions are not paths. */
const pathOf = (error: t.ValidationError): string =>
  '/' +
  error.context
    .filter((c, i) => i > 0 && c.key !== '' && !isCombinator(error.context[i - 1]!.type))
    .map((c) => c.key)
    .join('/');

// A bad free-text value is not repeated in the answer: a note or a reason may hold personal data.
const messageOf = (e: t.ValidationError): string => {
  const expected = `expected ${e.context[e.context.length - 1]?.type.name ?? 'a value'}`;
  if (typeof e.value === 'string' && (e.value.length > 40 || !isStorableText(e.value))) return expected;
  return `${expected}, got ${JSON.stringify(e.value) ?? 'nothing'}`;
};

/** Parses a JSON text body and decodes it with `codec`; field errors carry JSON-pointer paths. */
export const decodeBody = <A>(codec: t.Decoder<unknown, A>, text: string): E.Either<FieldError[], A> => {
  let json: unknown;
  try {
    json = JSON.parse(text === '' ? 'null' : text);
  } catch (error) {
    return E.left([{ path: '', message: `the body is not JSON: ${(error as Error).message}` }]);
  }
  return E.mapLeft((errors: t.Errors) =>
    errors.map((e) => ({ path: pathOf(e), message: e.message ?? messageOf(e) })),
  )(codec.decode(json));
};
