import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A body longer than the route reads: its first bytes (to keep for review) and its announced size. */
export interface OverLimit {
  readonly overLimit: true;
  /** The first `limit` bytes read, as text. */
  readonly prefix: string;
  readonly limit: number;
}

/** What a lead route's body is: the text, or what was read of a body over the route's limit. */
export type BodyText = string | OverLimit;

// Review keeps at most the lead size limit of a body; a megabyte covers any configured limit's use.
const KEPT_PREFIX_BYTES = 1024 * 1024;

export const isOverLimit = (body: unknown): body is OverLimit =>
  typeof body === 'object' && body !== null && (body as OverLimit).overLimit === true;

/**
 * Every lead route reads its body as text whatever the content type says: the routes check the type,
 * and the write path parses, limits and decodes it, so a bad body is answered (and kept for review)
 * the same way on every route. A body over the route's limit is read only up to the limit and handed
 * on as `OverLimit`, so the route can keep its beginning for review; the rest is discarded as it
 * comes. Unauthenticated clients never get here: they are refused on their headers.
 */
export const readBodiesAsText = (app: FastifyInstance): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest, payload, done) => {
    const limit = request.routeOptions.bodyLimit ?? 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | null, body?: BodyText) => {
      if (settled) return;
      settled = true;
      payload.removeListener('data', onData);
      done(error, body);
    };
    // A body announced over the limit is read only as far as review keeps of it.
    const announced = Number(request.headers['content-length'] ?? Number.NaN);
    const stopAt = announced > limit ? Math.min(limit, KEPT_PREFIX_BYTES) : limit;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > stopAt) {
        // The rest is let through unread (and unbuffered), so the client gets its answer on a connection
        // still in step; the request timeout bounds how long that takes.
        payload.removeListener('data', onData);
        payload.resume();
        const prefix = Buffer.concat(chunks).subarray(0, stopAt).toString('utf8');
        settle(null, { overLimit: true, prefix, limit });
      }
    };
    payload.on('data', onData);
    payload.once('end', () => settle(null, Buffer.concat(chunks).toString('utf8')));
    payload.once('error', (error: Error) => settle(Object.assign(error, { statusCode: 400 })));
  });
};
