import type { ApiToken } from '@leadflow/config';
import {
  documentedCodec,
  isStorableText,
  jsonSchemaOf,
  StorableText,
  type JsonSchema,
  type RepProfile,
} from '@leadflow/contracts';
import type { EventStore } from '@leadflow/eventstore';
import { openProblemSchema, problem, requireScope, sendProblem, type FieldError } from '@leadflow/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { loadRep, registerRep, updateRep, type RepDeps } from '../routing/repCommands';
import { reassignTask, type ReassignError } from '../routing/reassignTask';
import type { RegisteredRep, Router } from '../routing/router';
import type { TaskIndex } from '../taskIndex';
import { decodeBody } from './requestBody';

const REP_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const OFFER = /^[^.\s]+\.\S+$/;

/** A storable string passing `test`, documented in the OpenAPI document by `schema`. */
const refined = (name: string, test: (s: string) => boolean, schema: JsonSchema) =>
  documentedCodec(
    new t.Type<string, string, unknown>(
      name,
      (u): u is string => typeof u === 'string' && isStorableText(u) && test(u),
      (u, c) =>
        typeof u === 'string' && isStorableText(u) && test(u)
          ? t.success(u)
          : t.failure(u, c, `expected ${name}`),
      t.identity,
    ),
    { type: 'string', description: name, ...schema },
  );

/** A rep id: 1 to 100 letters, digits and `._@-`, starting with a letter or digit (it names a stream). */
export const RepId = refined('a rep id (1 to 100 of A-Z a-z 0-9 . _ @ -)', (s) => REP_ID.test(s), {
  pattern: REP_ID.source,
  example: 'rep-anna',
});
const RepName = refined('a name of 1 to 200 characters', (s) => s.trim().length >= 1 && s.length <= 200, {
  minLength: 1,
  maxLength: 200,
});
const RepEmail = refined('an email address', (s) => s.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(s), {
  maxLength: 320,
  format: 'email',
});
const Country = refined('an ISO 3166-1 alpha-2 country code', (s) => COUNTRY.test(s), {
  pattern: COUNTRY.source,
  example: 'DE',
});
const OfferKey = refined('an offer as publisher.offer', (s) => s.length <= 200 && OFFER.test(s), {
  maxLength: 200,
  pattern: OFFER.source,
  example: 'contoso-apps.leadflow-crm',
});
const Capacity = documentedCodec(
  new t.Type<number, number, unknown>(
    'an integer from 1 to 100000, or null',
    (u): u is number => Number.isInteger(u) && (u as number) >= 1 && (u as number) <= 100_000,
    (u, c) =>
      Number.isInteger(u) && (u as number) >= 1 && (u as number) <= 100_000
        ? t.success(u as number)
        : t.failure(u, c, 'expected an integer from 1 to 100000, or null'),
    t.identity,
  ),
  { type: 'integer', minimum: 1, maximum: 100_000, description: 'most open tasks at once' },
);
const Territories = t.partial({ countries: t.array(Country), offers: t.array(OfferKey) });
const Reason = t.union([StorableText, t.null]);

const profileFields = {
  name: RepName,
  email: t.union([RepEmail, t.null]),
  manager: t.union([RepId, t.null]),
  territories: Territories,
  capacity: t.union([Capacity, t.null]),
  active: t.boolean,
};

/** Body of POST /v1/reps. */
export const RegisterRepBody = t.intersection([
  t.type({ id: RepId, name: RepName }),
  t.partial({ ...profileFields, name: RepName }),
]);
/** Body of PATCH /v1/reps/{id}: any of the profile fields. */
export const UpdateRepBody = t.partial(profileFields);
/** Body of POST /v1/tasks/{id}/assign. */
export const AssignTaskBody = t.intersection([t.type({ repId: RepId }), t.partial({ reason: Reason })]);

// The documented shapes: request bodies derived from the codecs that validate them, answers as sent.
const nullableSchema = (codec: t.Any): JsonSchema => {
  const schema = jsonSchemaOf(codec);
  return { ...schema, nullable: true };
};
const territoriesSchema: JsonSchema = {
  type: 'object',
  description: 'countries and offers the rep covers (an empty list covers any; both empty: the default pool)',
  properties: {
    countries: { type: 'array', items: jsonSchemaOf(Country) },
    offers: { type: 'array', items: jsonSchemaOf(OfferKey) },
  },
};
const profileProperties: Record<string, JsonSchema> = {
  name: jsonSchemaOf(RepName),
  email: nullableSchema(RepEmail),
  manager: { ...nullableSchema(RepId), description: 'the rep id overdue tasks escalate to' },
  territories: territoriesSchema,
  capacity: { ...nullableSchema(Capacity), description: 'most open tasks at once; null: no limit' },
  active: { type: 'boolean', description: 'false: gets no new task and hands its open tasks on' },
};
const registerRepSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: jsonSchemaOf(RepId), ...profileProperties },
};
const updateRepSchema: JsonSchema = {
  type: 'object',
  description: 'any of the profile fields; the others keep their values',
  properties: profileProperties,
};
const repSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'manager', 'territories', 'capacity', 'active', 'registeredAt'],
  properties: {
    id: jsonSchemaOf(RepId),
    ...profileProperties,
    territories: {
      ...territoriesSchema,
      required: ['countries', 'offers'],
    },
    registeredAt: { type: 'string', format: 'date-time' },
  },
};
const assignSchema: JsonSchema = {
  type: 'object',
  required: ['repId'],
  properties: {
    repId: jsonSchemaOf(RepId),
    reason: { type: 'string', nullable: true, description: 'why the task moves (kept on FollowUpAssigned)' },
  },
};
const assignedSchema: JsonSchema = {
  type: 'object',
  required: ['taskId', 'customerId', 'assignee', 'changed'],
  properties: {
    taskId: { type: 'string' },
    customerId: { type: 'string', description: 'the customer holding the task now (after any merge)' },
    assignee: jsonSchemaOf(RepId),
    changed: { type: 'boolean', description: 'false: the task was already the rep’s' },
  },
};
const problemSchema: JsonSchema = openProblemSchema;
const idParams = { type: 'object', properties: { id: jsonSchemaOf(RepId) } };

const territoriesOf = (given: t.TypeOf<typeof Territories> | undefined) => ({
  countries: given?.countries ?? [],
  offers: given?.offers ?? [],
});

/** The API view of a rep. */
export const repView = (rep: RegisteredRep) => ({
  id: rep.repId,
  name: rep.name,
  email: rep.email,
  manager: rep.manager,
  territories: rep.territories,
  capacity: rep.capacity,
  active: rep.active,
  registeredAt: rep.registeredAt,
});

const badBody = (reply: FastifyReply, errors: FieldError[]) =>
  sendProblem(reply, problem(400, 'invalid-body', 'the body does not match the expected shape', { errors }));

const badPathId = (reply: FastifyReply, what: string) =>
  sendProblem(
    reply,
    problem(400, 'invalid-path', 'the path has bad parameters', {
      errors: [{ path: '/path/id', message: `expected ${what}` }],
    }),
  );

const reassignRefusal = (reply: FastifyReply, error: ReassignError) => {
  switch (error.type) {
    case 'UnknownTask':
    case 'TaskNotFound':
      return sendProblem(reply, problem(404, 'task-not-found', `no task ${error.taskId}`));
    case 'UnknownRep':
      return sendProblem(reply, problem(422, 'rep-not-found', `no rep ${error.repId}`));
    case 'RepInactive':
      return sendProblem(reply, problem(409, 'rep-inactive', `rep ${error.repId} is not active`));
    case 'TaskNotOpen':
      return sendProblem(reply, problem(409, 'task-not-open', `task ${error.taskId} is ${error.status}`));
    default:
      return sendProblem(reply, problem(409, 'conflict', error.type));
  }
};

/**
 * Sales reps (`POST/GET /v1/reps`, `GET/PATCH /v1/reps/{id}`) and reassignment
 * (`POST /v1/tasks/{id}/assign`): scope `write` to change, `read` to list.
 */
export const repRoutes = async (
  app: FastifyInstance,
  deps: {
    store: EventStore;
    router: Router;
    taskIndex: TaskIndex;
    tokens: ReadonlyArray<ApiToken>;
    now: () => Date;
  },
): Promise<void> => {
  const repDeps: RepDeps = { store: deps.store, router: deps.router, now: deps.now };
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const writeScope = requireScope(deps.tokens, 'write');
    const readScope = requireScope(deps.tokens, 'read');

    scope.post<{ Body: string }>(
      '/v1/reps',
      {
        onRequest: writeScope,
        schema: {
          tags: ['reps'],
          summary: 'Register a sales rep (the same body again changes nothing)',
          security: [{ bearer: [] }],
          body: registerRepSchema,
          response: { 200: repSchema, 201: repSchema, 400: problemSchema, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const body = decodeBody(RegisterRepBody, request.body ?? '');
        if (E.isLeft(body)) return badBody(reply, body.left);
        const profile: RepProfile = {
          name: body.right.name,
          email: body.right.email ?? null,
          manager: body.right.manager ?? null,
          territories: territoriesOf(body.right.territories),
          capacity: body.right.capacity ?? null,
          active: body.right.active ?? true,
        };
        const result = await registerRep(repDeps, { repId: body.right.id, profile, requestId: request.id });
        if (E.isLeft(result))
          return sendProblem(
            reply,
            problem(409, 'rep-exists', `rep ${body.right.id} is registered with other values: PATCH it`),
          );
        return reply.status(result.right.changed ? 201 : 200).send(repView(result.right.rep));
      },
    );

    scope.get(
      '/v1/reps',
      {
        onRequest: readScope,
        schema: {
          tags: ['reps'],
          summary: 'Sales reps, by id',
          security: [{ bearer: [] }],
          response: {
            200: {
              type: 'object',
              required: ['items', 'nextCursor'],
              properties: {
                items: { type: 'array', items: repSchema },
                nextCursor: { type: 'string', nullable: true, description: 'always null: one page' },
              },
            },
          },
        },
      },
      async () => ({ items: (await deps.router.reps()).map(repView), nextCursor: null }),
    );

    scope.get<{ Params: { id: string } }>(
      '/v1/reps/:id',
      {
        onRequest: readScope,
        schema: {
          tags: ['reps'],
          summary: 'One sales rep',
          security: [{ bearer: [] }],
          params: idParams,
          response: { 200: repSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        if (!RepId.is(request.params.id)) return badPathId(reply, RepId.name);
        const { state } = await loadRep(deps.store, request.params.id);
        if (state.status !== 'registered')
          return sendProblem(reply, problem(404, 'rep-not-found', `no rep ${request.params.id}`));
        return repView(state);
      },
    );

    scope.patch<{ Params: { id: string }; Body: string }>(
      '/v1/reps/:id',
      {
        onRequest: writeScope,
        schema: {
          tags: ['reps'],
          summary: 'Change a sales rep; `active: false` hands its open tasks back to assignment',
          security: [{ bearer: [] }],
          params: idParams,
          body: updateRepSchema,
          response: { 200: repSchema, 400: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        if (!RepId.is(request.params.id)) return badPathId(reply, RepId.name);
        const body = decodeBody(UpdateRepBody, request.body ?? '');
        if (E.isLeft(body)) return badBody(reply, body.left);
        const { territories, ...rest } = body.right;
        const changes: Partial<RepProfile> =
          territories === undefined ? rest : { ...rest, territories: territoriesOf(territories) };
        const result = await updateRep(repDeps, { repId: request.params.id, changes, requestId: request.id });
        if (E.isLeft(result))
          return sendProblem(reply, problem(404, 'rep-not-found', `no rep ${request.params.id}`));
        return repView(result.right.rep);
      },
    );

    scope.post<{ Params: { id: string }; Body: string }>(
      '/v1/tasks/:id/assign',
      {
        onRequest: writeScope,
        schema: {
          tags: ['tasks'],
          summary: 'Reassign a task to a rep, with a reason',
          security: [{ bearer: [] }],
          params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } },
          body: assignSchema,
          response: {
            200: assignedSchema,
            400: problemSchema,
            404: problemSchema,
            409: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const taskId = request.params.id;
        if (taskId.length < 1 || taskId.length > 200 || !isStorableText(taskId))
          return badPathId(reply, 'a task id of 1 to 200 characters');
        const body = decodeBody(AssignTaskBody, request.body ?? '');
        if (E.isLeft(body)) return badBody(reply, body.left);
        const result = await reassignTask(
          { store: deps.store, taskIndex: deps.taskIndex, router: deps.router, now: deps.now },
          { taskId, repId: body.right.repId, reason: body.right.reason ?? null, requestId: request.id },
        );
        if (E.isLeft(result)) return reassignRefusal(reply, result.left);
        return {
          taskId,
          customerId: result.right.customerId,
          assignee: body.right.repId,
          changed: result.right.changed,
        };
      },
    );
  });
};
