import type { FastifyReply } from 'fastify';

/** One bad field of a request, by JSON-pointer path. */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem document, with the field errors of a rejected request. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a problem document; `type` names the kind of problem under leadflow's namespace. */
export const problem = (
  status: number,
  kind: string,
  detail?: string,
  extra: Partial<Problem> = {},
): Problem => ({
  type: `https://leadflow.dev/problems/${kind}`,
  title: TITLES[status] ?? 'Error',
  status,
  ...(detail === undefined ? {} : { detail }),
  ...extra,
});

/** Sends a problem document with `application/problem+json`. */
export const sendProblem = (reply: FastifyReply, body: Problem): FastifyReply =>
  reply.status(body.status).type('application/problem+json').send(body);

/** The JSON Schema properties of a problem+json answer, for route response schemas. */
export const problemProperties = {
  type: { type: 'string' },
  title: { type: 'string' },
  status: { type: 'integer' },
  detail: { type: 'string' },
  errors: {
    type: 'array',
    items: {
      type: 'object',
      required: ['path', 'message'],
      properties: { path: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** A problem+json answer that may carry fields of its own (they are sent as they are). */
export const openProblemSchema = {
  type: 'object',
  description: 'application/problem+json',
  required: ['type', 'title', 'status'],
  additionalProperties: true,
  properties: problemProperties,
} as const;
