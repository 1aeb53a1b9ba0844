import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether an `If-None-Match` header matches `etag` (weak comparison, `*` included). */
export const matchesIfNoneMatch = (request: FastifyRequest, etag: string): boolean => {
  const header = request.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((v) => v.trim().replace(/^W\//, ''))
    .some((v) => v === '*' || v === bare);
};

/** Sets the ETag and answers 304 when the client already has this version; returns whether it did. */
export const notModified = (request: FastifyRequest, reply: FastifyReply, etag: string): boolean => {
  reply.header('etag', etag);
  if (!matchesIfNoneMatch(request, etag)) return false;
  void reply.status(304).send();
  return true;
};
