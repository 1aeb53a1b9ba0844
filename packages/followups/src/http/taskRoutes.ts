import type { ApiToken } from '@leadflow/config';
import { isStorableText, STORABLE_TEXT_NAME, StorableText, TaskOutcome } from '@leadflow/contracts';
import type { EventStore } from '@leadflow/eventstore';
import { problem, requireScope, sendProblem } from '@leadflow/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { changeContactPreference, completeTask, type TaskCommandError } from '../taskCommands';
import type { TaskIndex } from '../taskIndex';
import { decodeBody } from './requestBody';

/** Free text of a command (a note, a reason, who did it): absent, null, or text a database can store. */
const MaybeText = new t.Type<string | null | undefined, string | null | undefined, unknown>(
  `${STORABLE_TEXT_NAME}, or null`,
  (u): u is string | null | undefined => u === null || u === undefined || StorableText.is(u),
  (u, c) =>
    u === null || u === undefined || StorableText.is(u)
      ? t.success(u)
      : t.failure(u, c, `expected ${STORABLE_TEXT_NAME}, or null`),
  t.identity,
);

/** Body of POST /v1/tasks/{id}/complete. */
export const CompleteTaskBody = t.intersection([
  t.type({ outcome: TaskOutcome }),
  t.partial({ note: MaybeText, by: MaybeText }),
]);

/** Body of POST /v1/customers/{id}/contact-preference. */
export const ContactPreferenceBody = t.intersection([
  t.type({ optedOut: t.boolean }),
  t.partial({ reason: MaybeText, by: MaybeText }),
]);

const refusal = (reply: FastifyReply, error: TaskCommandError) => {
  switch (error.type) {
    case 'UnknownTask':
    case 'TaskNotFound':
      return sendProblem(reply, problem(404, 'task-not-found', `no task ${error.taskId}`));
    case 'CustomerNotFound':
      return sendProblem(reply, problem(404, 'customer-not-found', 'no such customer'));
    case 'TaskAlreadyCompleted':
      return sendProblem(
        reply,
        problem(
          409,
          'task-already-completed',
          `task ${error.taskId} was completed with ${error.outcome ?? 'no outcome'}`,
        ),
      );
    case 'TaskNotOpen':
      return sendProblem(reply, problem(409, 'task-not-open', `task ${error.taskId} is ${error.status}`));
    default:
      return sendProblem(reply, problem(409, 'conflict', error.type));
  }
};

const badBody = (
  reply: FastifyReply,
  errors: ReturnType<typeof decodeBody> extends E.Either<infer L, unknown> ? L : never,
) =>
  sendProblem(reply, problem(400, 'invalid-body', 'the body does not match the expected shape', { errors }));

/** The path's id, or a 400 naming `/path/id` when no stored id could be it (sent, returns null). */
const pathId = (reply: FastifyReply, id: string): string | null => {
  if (id.length >= 1 && id.length <= 200 && isStorableText(id)) return id;
  void sendProblem(
    reply,
    problem(400, 'invalid-path', 'the path has bad parameters', {
      errors: [{ path: '/path/id', message: `expected ${STORABLE_TEXT_NAME}, 1 to 200 characters` }],
    }),
  );
  return null;
};

const headerText = (value: string | string[] | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** POST /v1/tasks/{id}/complete and POST /v1/customers/{id}/contact-preference (scope `write`). */
export const taskRoutes = async (
  app: FastifyInstance,
  deps: { store: EventStore; taskIndex: TaskIndex; tokens: ReadonlyArray<ApiToken>; now: () => Date },
): Promise<void> => {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const writeScope = requireScope(deps.tokens, 'write');

    scope.post<{ Params: { id: string }; Body: string }>(
      '/v1/tasks/:id/complete',
      {
        onRequest: writeScope,
        schema: {
          tags: ['tasks'],
          summary: 'Complete a follow-up task with an outcome',
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        const taskId = pathId(reply, request.params.id);
        if (taskId === null) return reply;
        const body = decodeBody(CompleteTaskBody, request.body ?? '');
        if (E.isLeft(body)) return badBody(reply, body.left);
        const result = await completeTask(deps, {
          taskId,
          outcome: body.right.outcome,
          note: body.right.note ?? null,
          by: body.right.by ?? null,
          requestId: request.id,
        });
        if (E.isLeft(result)) return refusal(reply, result.left);
        return reply.status(200).send({
          taskId,
          customerId: result.right.customerId,
          outcome: body.right.outcome,
          changed: result.right.changed,
        });
      },
    );

    scope.post<{ Params: { id: string }; Body: string }>(
      '/v1/customers/:id/contact-preference',
      {
        onRequest: writeScope,
        schema: {
          tags: ['customers'],
          summary: 'Opt a customer out of (or back into) contact',
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        const customerId = pathId(reply, request.params.id);
        if (customerId === null) return reply;
        const body = decodeBody(ContactPreferenceBody, request.body ?? '');
        if (E.isLeft(body)) return badBody(reply, body.left);
        const result = await changeContactPreference(deps, {
          customerId,
          optedOut: body.right.optedOut,
          reason: body.right.reason ?? null,
          by: body.right.by ?? null,
          requestId: request.id,
          idempotencyKey: headerText(request.headers['idempotency-key']),
        });
        if (E.isLeft(result)) return refusal(reply, result.left);
        return reply.status(200).send({
          customerId: result.right.customerId,
          optedOut: body.right.optedOut,
          changed: result.right.changed,
        });
      },
    );
  });
};
