import { Readable } from 'node:stream';
import {
  CONTENT_TYPES,
  columnsOf,
  DATASETS,
  EXPORT_FORMATS,
  prepareExport,
  rowWriterFactory,
  type Column,
  type ColumnKind,
} from '@leadflow/analytics';
import { problem, requireScope, sendProblem } from '@leadflow/http';
import type { FastifyInstance } from 'fastify';
import {
  DatasetParam,
  EventTypeParam,
  ExportParams,
  ExportQuery,
  exportFilterOf,
  exportQueryErrors,
} from '../exportQuery';
import type { QueryDeps } from '../queryDeps';
import { decodeParams, decodeQuery } from '../queryParams';

/** The response header with the last position an export covers (fixed before the body starts). */
export const LAST_POSITION_HEADER = 'leadflow-last-position';
/** The rows an export scans before filters (a client's progress bar total). */
export const TOTAL_ROWS_HEADER = 'leadflow-total-rows';

const jsonTypeOf: Record<ColumnKind, Record<string, unknown>> = {
  string: { type: 'string', nullable: true },
  position: { type: 'string', pattern: '^[0-9]+$', nullable: true },
  integer: { type: 'integer', nullable: true },
  double: { type: 'number', nullable: true },
  boolean: { type: 'boolean', nullable: true },
  timestamp: { type: 'string', format: 'date-time', nullable: true },
};
const rowSchema = (columns: ReadonlyArray<Column>) => ({
  type: 'object',
  properties: Object.fromEntries(
    columns.map((c) => [c.name, { ...jsonTypeOf[c.kind], description: c.description }]),
  ),
});

const describeColumns = DATASETS.map(
  (d) =>
    `**${d}**: ${columnsOf(d)
      .map((c) => c.name)
      .join(', ')}`,
).join('. ');

/** GET /v1/export/{events|customers|tasks}: the log or a read model, streamed page by page. */
export const exportRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Params: { dataset: string }; Querystring: Record<string, unknown> }>(
    '/v1/export/:dataset',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['export'],
        summary: 'Export events, customers or tasks as NDJSON, CSV or Parquet, streamed',
        description:
          'Bound to the log (events) or the read model (customers, tasks) as it stands when the request ' +
          `arrives; the \`${LAST_POSITION_HEADER}\` header says up to which position, and \`afterPosition\` ` +
          `with that value continues it. Personal fields are left out. Columns: ${describeColumns}.`,
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          properties: { dataset: { type: 'string', enum: Object.keys(DatasetParam.keys) } },
        },
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'ndjson' },
            from: {
              type: 'string',
              format: 'date-time',
              description: 'inclusive; recorded time, first lead or scheduling time',
            },
            until: { type: 'string', format: 'date-time', description: 'exclusive' },
            afterPosition: {
              type: 'string',
              pattern: '^[0-9]{1,19}$',
              description: `continue an export: the ${LAST_POSITION_HEADER} it answered`,
            },
            type: { type: 'string', enum: Object.keys(EventTypeParam.keys), description: 'events only' },
            offer: { type: 'string', description: 'publisherId.offerId or the offer id' },
            source: { type: 'string' },
          },
        },
        response: {
          200: {
            description: 'the rows; NDJSON ends with a line {"_trailer":{"lastPosition","count"}}',
            headers: {
              [LAST_POSITION_HEADER]: { type: 'string', description: 'the last log position covered' },
              [TOTAL_ROWS_HEADER]: { type: 'integer', description: 'rows scanned before filters' },
            },
            content: {
              [CONTENT_TYPES.ndjson]: { schema: rowSchema(columnsOf('events')) },
              [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
              [CONTENT_TYPES.parquet]: { schema: { type: 'string', format: 'binary' } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const params = decodeParams(ExportParams, request, reply);
      if (params === null) return reply;
      const query = decodeQuery(ExportQuery, request, reply);
      if (query === null) return reply;
      const errors = exportQueryErrors(params.dataset, query);
      if (errors.length > 0)
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'the query string has bad values', { errors }),
        );
      const format = query.format ?? 'ndjson';
      const prepared = await prepareExport(
        { store: deps.store, readSchema: await deps.schema() },
        params.dataset,
        exportFilterOf(query),
      );
      const writer = (await rowWriterFactory(format))(prepared.columns);
      const body = Readable.from(prepared.chunks(writer), { highWaterMark: 1 });
      body.once('error', (error) => request.log.error({ err: error }, 'export failed while streaming'));
      reply
        .header(LAST_POSITION_HEADER, prepared.lastPosition)
        .header(TOTAL_ROWS_HEADER, String(prepared.total))
        .header('cache-control', 'no-store')
        .type(CONTENT_TYPES[format]);
      if (format === 'parquet')
        reply.header('content-disposition', `attachment; filename="${params.dataset}.parquet"`);
      return reply.send(body);
    },
  );
};
