import { problem, requireScope, sendProblem } from '@leadflow/http';
import { decodeCursor, encodeCursor, getCustomer, listCustomers, timeline } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { notModified } from './etag';
import { objectResponse, type QueryDeps } from '../queryDeps';
import {
  badCursor,
  BooleanParam,
  decodeParams,
  decodeQuery,
  IdParams,
  LimitParam,
  pageQueryProperties,
  StageParam,
  TextParam,
  TimestampParam,
} from '../queryParams';
import { notFoundThen, sendCustomerAsOf, timelineIdsAsOf } from './customerAsOf';

const CustomerListQuery = t.partial({
  stage: StageParam,
  offer: TextParam,
  source: TextParam,
  country: TextParam,
  q: TextParam,
  owner: TextParam,
  includeTest: BooleanParam,
  limit: LimitParam,
  cursor: TextParam,
});
const TimelineQuery = t.partial({ limit: LimitParam, cursor: TextParam, until: TimestampParam });
const CustomerQuery = t.partial({ asOf: TimestampParam });
const asOfProperty = {
  type: 'string',
  format: 'date-time',
  description: 'the customer as it stood at this instant, folded from its events recorded by then',
};
const untilProperty = {
  type: 'string',
  format: 'date-time',
  description: 'only events recorded at or before this instant (merged ids resolved as of then)',
};
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } };
const notFound = 'no customer with this id';

/** GET /v1/customers, GET /v1/customers/{id} (ETag), GET /v1/customers/{id}/events. */
export const customerRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  const readScope = requireScope(deps.tokens, 'read');
  const executor = deps.store.executor;
  const liveTimelineIds = async (id: string): Promise<ReadonlyArray<string> | null> => {
    const found = await getCustomer(executor, await deps.schema(), id);
    if (found === null) return null;
    const view = JSON.parse(found.viewJson) as { id: string; aliases: string[] };
    return [view.id, ...view.aliases];
  };

  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/customers',
    {
      preHandler: readScope,
      schema: {
        tags: ['customers'],
        summary: 'Deduplicated customers, newest first; the cursor stays stable while leads arrive',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          properties: {
            stage: { type: 'string', enum: Object.keys(StageParam.keys) },
            offer: { type: 'string', description: 'publisherId.offerId, offer id or offer title' },
            source: { type: 'string' },
            country: { type: 'string', description: 'ISO 3166-1 alpha-2' },
            q: { type: 'string', description: 'substring of a name, email, phone or company' },
            owner: { type: 'string', description: 'customers owned by this rep id (sticky ownership)' },
            includeTest: { type: 'boolean', default: false },
            ...pageQueryProperties,
          },
        },
        response: { 200: objectResponse('{items, nextCursor}') },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(CustomerListQuery, request, reply);
      if (query === null) return reply;
      const page = await listCustomers(executor, await deps.schema(), {
        ...query,
        includeTest: query.includeTest ?? false,
        limit: query.limit ?? 50,
      });
      return page ?? badCursor(reply);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id',
    {
      preHandler: readScope,
      schema: {
        tags: ['customers'],
        summary:
          'The deduplicated view of a customer; a merged id answers with its survivor. ETag / If-None-Match',
        security: [{ bearer: [] }],
        params: idParams,
        querystring: { type: 'object', properties: { asOf: asOfProperty } },
        headers: { type: 'object', properties: { 'if-none-match': { type: 'string' } } },
        response: { 200: objectResponse('the customer view'), 304: { description: 'not modified' } },
      },
    },
    async (request, reply) => {
      const params = decodeParams(IdParams, request, reply);
      if (params === null) return reply;
      const asOf = decodeQuery(CustomerQuery, request, reply);
      if (asOf === null) return reply;
      if (asOf.asOf !== undefined) return sendCustomerAsOf(deps, reply, params.id, asOf.asOf);
      const found = await getCustomer(executor, await deps.schema(), params.id);
      if (found === null) return sendProblem(reply, problem(404, 'not-found', notFound));
      if (found.resolvedFrom !== null) reply.header('content-location', `/v1/customers/${found.id}`);
      if (notModified(request, reply, `"${found.id}.${found.version}"`)) return reply;
      // The view was rendered when the customer last changed: sent as stored.
      return reply
        .type('application/json; charset=utf-8')
        .serializer((body) => body as string)
        .send(found.viewJson);
    },
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/customers/:id/events',
    {
      preHandler: readScope,
      schema: {
        tags: ['customers'],
        summary: "The customer's timeline: its events and those of customers merged into it, in log order",
        security: [{ bearer: [] }],
        params: idParams,
        querystring: { type: 'object', properties: { ...pageQueryProperties, until: untilProperty } },
        response: { 200: objectResponse('{items, nextCursor}') },
      },
    },
    async (request, reply) => {
      const params = decodeParams(IdParams, request, reply);
      if (params === null) return reply;
      const query = decodeQuery(TimelineQuery, request, reply);
      if (query === null) return reply;
      const after = query.cursor === undefined ? null : decodeCursor(query.cursor, 1)?.[0];
      if (after === undefined || (after !== null && !/^[0-9]+$/.test(after))) return badCursor(reply);
      const ids =
        query.until === undefined
          ? await liveTimelineIds(params.id)
          : await timelineIdsAsOf(deps, params.id, query.until);
      if (ids === null)
        return sendProblem(
          reply,
          problem(404, 'not-found', query.until === undefined ? notFound : notFoundThen),
        );
      const page = await timeline(
        deps.store,
        ids,
        after === null ? null : BigInt(after),
        query.limit ?? 100,
        query.until === undefined ? undefined : new Date(query.until),
      );
      return {
        items: page.items,
        nextCursor: page.nextCursor === null ? null : encodeCursor([page.nextCursor]),
      };
    },
  );
};
