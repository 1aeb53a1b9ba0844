import { isStorableText, STORABLE_TEXT_NAME } from '@leadflow/contracts';
import { problem, sendProblem, type FieldError } from '@leadflow/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * A query or path parameter parsed from its text. Every parameter passes the storable-text check first:
 * U+0000 or an unpaired surrogate would otherwise reach SQL and fail there. `echo` says whether a bad
 * value may be repeated in the answer (never for free text: it may be a search term or personal data).
 */
export const fromString = <A>(name: string, parse: (s: string) => A | undefined, echo = true) =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => u !== undefined,
    (u, c) => {
      const got = echo ? `, got ${JSON.stringify(u)?.slice(0, 60) ?? 'nothing'}` : '';
      if (typeof u !== 'string') return t.failure(u, c, `expected ${name}${got}`);
      if (!isStorableText(u)) return t.failure(u, c, `expected ${STORABLE_TEXT_NAME}`);
      const parsed = parse(u);
      return parsed === undefined ? t.failure(u, c, `expected ${name}${got}`) : t.success(parsed);
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

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether year-month-day is a day of the calendar the database stores (years 1 to 9999). */
const isCalendarDay = (year: number, month: number, day: number): boolean =>
  year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-](\d{2}):?(\d{2}))?)?$/;

/** Parses `YYYY-MM-DD` when it is a real day (no 30 February, no year 0). */
export const parseDay = (s: string): string | undefined => {
  const m = DAY.exec(s);
  return m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ? s : undefined;
};

/**
 * Parses an ISO-8601 day or date-time (an offset optional, as `Date` reads it) to its UTC form, when
 * every field is in range and the instant falls in years 1 to 9999.
 */
export const parseTimestamp = (s: string): string | undefined => {
  const m = TIMESTAMP.exec(s);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  const [hour, minute, second, offsetHour, offsetMinute] = [m[4], m[5], m[6], m[8], m[9]].map(Number);
  if (hour! > 23 || minute! > 59 || second! > 59 || offsetHour! > 23 || offsetMinute! > 59) return undefined;
  const time = Date.parse(s.replace(' ', 'T'));
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  return /^[0-9]{4}-/.test(iso) && !iso.startsWith('0000') ? iso : undefined;
};

/** A calendar day `YYYY-MM-DD`. */
export const DayParam = fromString('a day YYYY-MM-DD', parseDay);
/** An ISO-8601 timestamp. */
export const TimestampParam = fromString('an ISO-8601 timestamp', parseTimestamp);
/** A non-empty string of at most 200 characters (never echoed: it may be a search term). */
export const TextParam = fromString(
  'a string of 1 to 200 characters',
  (s) => (s.length >= 1 && s.length <= 200 ? s : undefined),
  false,
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

/** The path parameter `id` of a customer or task route. */
export const IdParams = t.type({ id: TextParam });

const pathOf = (part: 'query' | 'path', context: t.Context): string =>
  `/${part}/${context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('/')}`;

const messageOf = (e: t.ValidationError): string => {
  if (e.message !== undefined) return e.message;
  const type = e.context[e.context.length - 1]?.type;
  return `expected ${type?.name ?? 'a valid value'}, got ${JSON.stringify(e.value)?.slice(0, 60) ?? 'nothing'}`;
};

// `decodeURIComponent` is strict where the framework's parser keeps a bad escape as it came.
const decodesStrictly = (text: string): boolean => {
  try {
    decodeURIComponent(text.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
};

/**
 * The parameters of a raw query string whose name or value is not valid percent-encoded UTF-8
 * (`%FF`, `%ED%A0%80`, a lone `%`): the framework passes them on undecoded, which would make a
 * search for the wrong text.
 */
export const malformedQueryParams = (url: string): FieldError[] => {
  const start = url.indexOf('?');
  if (start < 0) return [];
  return url
    .slice(start + 1)
    .split('&')
    .filter((pair) => pair !== '' && !decodesStrictly(pair))
    .map((pair) => {
      const rawName = pair.split('=')[0] ?? '';
      const name = decodesStrictly(rawName) ? decodeURIComponent(rawName.replace(/\+/g, ' ')) : rawName;
      return { path: `/query/${name}`, message: 'expected percent-encoded UTF-8' };
    });
};

const badRequest = (reply: FastifyReply, part: 'query' | 'path', errors: FieldError[]) =>
  sendProblem(
    reply,
    part === 'query'
      ? problem(400, 'invalid-query', 'the query string has bad values', { errors })
      : problem(400, 'invalid-path', 'the path has bad parameters', { errors }),
  );

const decodePart = <A>(
  part: 'query' | 'path',
  codec: t.Decoder<unknown, A>,
  value: unknown,
  reply: FastifyReply,
): A | null => {
  const decoded = codec.decode(value);
  if (E.isRight(decoded)) return decoded.right;
  void badRequest(
    reply,
    part,
    decoded.left.map((e) => ({ path: pathOf(part, e.context), message: messageOf(e) })),
  );
  return null;
};

/**
 * Decodes a request's query string with an io-ts codec; on failure (or an undecodable escape in the
 * raw query) answers 400 problem+json naming each bad field by path and returns null (the handler then
 * returns the reply).
 */
export const decodeQuery = <A>(
  codec: t.Decoder<unknown, A>,
  request: FastifyRequest,
  reply: FastifyReply,
): A | null => {
  const malformed = malformedQueryParams(request.url);
  if (malformed.length > 0) {
    void badRequest(reply, 'query', malformed);
    return null;
  }
  return decodePart('query', codec, request.query, reply);
};

/** Decodes a request's path parameters like `decodeQuery`; errors are named `/path/<name>`. */
export const decodeParams = <A>(
  codec: t.Decoder<unknown, A>,
  request: FastifyRequest,
  reply: FastifyReply,
): A | null => decodePart('path', codec, request.params, reply);

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
