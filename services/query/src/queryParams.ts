import { problem, sendProblem } from '@leadflow/http';
import type { FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

const fromString = <A>(name: string, parse: (s: string) => A | undefined) =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => u !== undefined,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `expected ${name}`);
      const parsed = parse(u);
      return parsed === undefined ? t.failure(u, c, `expected ${name}`) : t.success(parsed);
    },
    String,
  );

/** `limit`: an integer from 1 to 500 in a query string. */
export const LimitParam = fromString('an integer from 1 to 500', (s) => {
  const n = Number(s);
  return /^[0-9]+$/.test(s) && n >= 1 && n <= 500 ? n : undefined;
});
/** `true` or `false` in a query string. */
export const BooleanParam = fromString('true or false', (s) =>
  s === 'true' ? true : s === 'false' ? false : undefined,
);
/** A calendar day `YYYY-MM-DD`. */
export const DayParam = fromString('a day YYYY-MM-DD', (s) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : undefined,
);
/** An ISO-8601 timestamp. */
export const TimestampParam = fromString('an ISO-8601 timestamp', (s) =>
  /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : undefined,
);
/** A non-empty string of at most 200 characters. */
export const TextParam = fromString('a string of 1 to 200 characters', (s) =>
  s.length >= 1 && s.length <= 200 ? s : undefined,
);
/** A funnel stage name. */
export const StageParam = t.keyof({
  referral: null,
  interest: null,
  trial: null,
  active: null,
  qualified: null,
  won: null,
  nurturing: null,
  disqualified: null,
  lost: null,
});

const pathOf = (context: t.Context): string =>
  `/query/${context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('/')}`;

/**
 * Decodes a query string with an io-ts codec; on failure answers 400 problem+json naming each bad field by
 * path and returns null (the handler then returns the reply).
 */
export const decodeQuery = <A>(
  codec: t.Decoder<unknown, A>,
  query: unknown,
  reply: FastifyReply,
): A | null => {
  const decoded = codec.decode(query);
  if (E.isRight(decoded)) return decoded.right;
  const errors = decoded.left.map((e) => ({
    path: pathOf(e.context),
    message: `${e.message ?? 'invalid value'}, got ${JSON.stringify(e.value)}`,
  }));
  void sendProblem(reply, problem(400, 'invalid-query', 'the query string has bad values', { errors }));
  return null;
};

/** Answers 400 for a cursor that is not one of ours. */
export const badCursor = (reply: FastifyReply) =>
  sendProblem(
    reply,
    problem(400, 'invalid-query', 'bad cursor', {
      errors: [{ path: '/query/cursor', message: 'expected a cursor from nextCursor' }],
    }),
  );

/** Documentation of the paging parameters (OpenAPI). */
export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  cursor: { type: 'string', maxLength: 200 },
};
