import type { FastifyInstance } from 'fastify';

/**
 * Every lead route reads its body as text whatever the content type says: the write path parses,
 * limits and decodes it, so a bad body is answered (and kept for review) the same way on every route.
 */
export const readBodiesAsText = (app: FastifyInstance): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
};
