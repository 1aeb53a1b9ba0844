import { problem, requireScope, sendProblem } from '@leadflow/http';
import {
  consentHistory,
  createErasureService,
  personalDataDocument,
  type ErasureService,
  type PrivateSqlEventStore,
} from '@leadflow/privacy';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { objectResponse, type QueryDeps } from '../queryDeps';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } };
const notFound = 'no customer with this id';

const isPrivate = (store: QueryDeps['store']): store is PrivateSqlEventStore => 'vault' in store;

const accepted = (reply: FastifyReply, erasure: Awaited<ReturnType<ErasureService['erase']>>) =>
  erasure === null
    ? sendProblem(reply, problem(404, 'not-found', notFound))
    : reply
        .status(202)
        .send({ erasureId: erasure.erasureId, customerId: erasure.customerId, status: erasure.status });

/**
 * Personal data (scope `privacy`): erasure by customer id or by email/phone, the status of an erasure,
 * the person's data as one document, and the consent history. Answers never repeat a searched value.
 */
export const privacyRoutes = async (
  app: FastifyInstance,
  deps: QueryDeps & { erasures?: ErasureService },
): Promise<void> => {
  const store = deps.store;
  if (!isPrivate(store)) return;
  const erasures = deps.erasures ?? createErasureService(store);
  const scope = requireScope(deps.tokens, 'privacy');
  const security = [{ bearer: [] }];

  app.post<{ Params: { id: string } }>(
    '/v1/customers/:id/erasure',
    {
      preHandler: scope,
      schema: {
        tags: ['privacy'],
        summary: 'Erase a customer (and those merged into it): keys destroyed, only non-personal facts kept',
        security,
        params: idParams,
        response: { 202: objectResponse('{erasureId, customerId, status}') },
      },
    },
    async (request, reply) => accepted(reply, await erasures.erase(request.params.id, 'request')),
  );

  app.post<{ Body: { email?: unknown; phone?: unknown; country?: unknown } }>(
    '/v1/privacy/erasure',
    {
      preHandler: scope,
      schema: {
        tags: ['privacy'],
        summary: 'Erase the person holding this email or phone (found through the hashed identity index)',
        security,
        body: {
          type: 'object',
          properties: {
            email: { type: 'string', maxLength: 320 },
            phone: { type: 'string', maxLength: 64 },
            country: {
              type: 'string',
              maxLength: 64,
              description: 'default region of a national phone number',
            },
          },
          additionalProperties: false,
        },
        response: { 202: objectResponse('{erasureId, customerId, status}') },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
      const email = text(body.email);
      const phone = text(body.phone);
      if (email === undefined && phone === undefined)
        return sendProblem(reply, problem(400, 'invalid-request', 'give an email or a phone'));
      const country = text(body.country);
      const customerId = await erasures.findCustomer({
        ...(email === undefined ? {} : { email }),
        ...(phone === undefined ? {} : { phone }),
        ...(country === undefined ? {} : { country }),
      });
      if (customerId === null)
        return sendProblem(reply, problem(404, 'not-found', 'no customer holds this email or phone'));
      return accepted(reply, await erasures.erase(customerId, 'request'));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/privacy/erasures/:id',
    {
      preHandler: scope,
      schema: {
        tags: ['privacy'],
        summary: 'An erasure: its status and what it removed (counts only)',
        security,
        params: idParams,
        response: { 200: objectResponse('the erasure') },
      },
    },
    async (request, reply) => {
      const status = await erasures.status(request.params.id);
      return status ?? sendProblem(reply, problem(404, 'not-found', 'no erasure with this id'));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id/personal-data',
    {
      preHandler: scope,
      schema: {
        tags: ['privacy'],
        summary: 'Everything held on the person: leads as received, consent history, tasks with their notes',
        security,
        params: idParams,
        response: { 200: objectResponse('the personal-data document') },
      },
    },
    async (request, reply) => {
      const doc = await personalDataDocument(store, request.params.id);
      return doc ?? sendProblem(reply, problem(404, 'not-found', notFound));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id/consent',
    {
      preHandler: scope,
      schema: {
        tags: ['privacy'],
        summary: 'Opt-outs and opt-ins with their reason, source and time, oldest first',
        security,
        params: idParams,
        response: { 200: objectResponse('{items, nextCursor}') },
      },
    },
    async (request, reply) => {
      const items = await consentHistory(store, request.params.id);
      return items === null
        ? sendProblem(reply, problem(404, 'not-found', notFound))
        : { items, nextCursor: null };
    },
  );
};
