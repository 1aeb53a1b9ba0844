import {
  DATASETS,
  EXPORT_FORMATS,
  type Dataset,
  type ExportFilter,
  type ExportFormat,
} from '@leadflow/analytics';
import { currentSchemaVersion } from '@leadflow/contracts';
import type { FieldError } from '@leadflow/http';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { fromString, TextParam, TimestampParam } from './queryParams';

const keysOf = <K extends string>(keys: ReadonlyArray<K>) =>
  t.keyof(Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>);

/** A log position as an export reports it: a decimal integer from 0 to 2^63 - 1. */
export const PositionParam = fromString('a position (a decimal integer from 0 to 2^63-1)', (s) =>
  /^[0-9]{1,19}$/.test(s) && BigInt(s) < 1n << 63n ? BigInt(s) : undefined,
);

export const DatasetParam = keysOf<Dataset>(DATASETS);
export const FormatParam = keysOf<ExportFormat>(EXPORT_FORMATS);
export const EventTypeParam = keysOf(
  Object.keys(currentSchemaVersion) as Array<keyof typeof currentSchemaVersion>,
);

/** The query string of `GET /v1/export/{dataset}` (and the flags of `leadflow export`). */
export const ExportQuery = t.partial({
  format: FormatParam,
  from: TimestampParam,
  until: TimestampParam,
  afterPosition: PositionParam,
  type: EventTypeParam,
  offer: TextParam,
  source: TextParam,
});
export type ExportQuery = t.TypeOf<typeof ExportQuery>;
export const ExportParams = t.type({ dataset: DatasetParam });

/** What the codec cannot say alone: `type` is a filter of events only, and `until` must come after `from`. */
export const exportQueryErrors = (dataset: Dataset, query: ExportQuery): FieldError[] => [
  ...(query.type !== undefined && dataset !== 'events'
    ? [{ path: '/query/type', message: 'type filters events only' }]
    : []),
  ...(query.from !== undefined && query.until !== undefined && query.until <= query.from
    ? [{ path: '/query/until', message: 'expected a time after from' }]
    : []),
];

/** The filter of a decoded query. */
export const exportFilterOf = (query: ExportQuery): ExportFilter => ({
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.until === undefined ? {} : { until: query.until }),
  ...(query.afterPosition === undefined ? {} : { afterPosition: query.afterPosition }),
  ...(query.type === undefined ? {} : { type: query.type }),
  ...(query.offer === undefined ? {} : { offer: query.offer }),
  ...(query.source === undefined ? {} : { source: query.source }),
});

/** Decodes export parameters given as plain strings (the CLI's flags), with the route's messages. */
export const decodeExportRequest = (
  dataset: string,
  values: Readonly<Record<string, string>>,
): E.Either<FieldError[], { dataset: Dataset; query: ExportQuery }> => {
  const params = ExportParams.decode({ dataset });
  if (E.isLeft(params))
    return E.left([{ path: '/path/dataset', message: `expected one of ${DATASETS.join(', ')}` }]);
  const query = ExportQuery.decode(values);
  if (E.isLeft(query))
    return E.left(
      query.left.map((e) => ({
        path: `/query/${e.context
          .map((c) => c.key)
          .filter((k) => k !== '')
          .join('/')}`,
        message: e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? 'a valid value'}`,
      })),
    );
  const errors = exportQueryErrors(params.right.dataset, query.right);
  return errors.length > 0 ? E.left(errors) : E.right({ dataset: params.right.dataset, query: query.right });
};
