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

/** Parses a JSON text body and decodes it with `codec`; field errors carry JSON-pointer paths. */
export const decodeBody = <A>(codec: t.Decoder<unknown, A>, text: string): E.Either<FieldError[], A> => {
  let json: unknown;
  try {
    json = JSON.parse(text === '' ? 'null' : text);
  } catch (error) {
    return E.left([{ path: '', message: `the body is not JSON: ${(error as Error).message}` }]);
  }
  return E.mapLeft((errors: t.Errors) =>
    errors.map((e) => ({
      path: pathOf(e),
      message: `expected ${e.context[e.context.length - 1]?.type.name ?? 'a value'}, got ${JSON.stringify(e.value) ?? 'nothing'}`,
    })),
  )(codec.decode(json));
};
