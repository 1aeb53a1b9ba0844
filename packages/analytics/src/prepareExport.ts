import type { Dataset } from './columns';
import { prepareEventsExport, type ExportOptions, type ExportSource } from './exportEvents';
import type { ExportFilter } from './exportFilter';
import { prepareReadModelExport } from './exportReadModel';
import type { PreparedExport } from './preparedExport';

/** Thrown when a read-model dataset is asked of a source without a read model. */
export class NoReadModelError extends Error {
  constructor(readonly dataset: Dataset) {
    super(`exporting ${dataset} needs the read models`);
    this.name = 'NoReadModelError';
  }
}

/** Prepares an export of any dataset: events from the log, customers and tasks from the read models. */
export const prepareExport = (
  source: ExportSource,
  dataset: Dataset,
  filter: ExportFilter,
  options: ExportOptions = {},
): Promise<PreparedExport> => {
  if (dataset === 'events') return prepareEventsExport(source, filter, options);
  if (source.readSchema === null) return Promise.reject(new NoReadModelError(dataset));
  return prepareReadModelExport(
    { executor: source.store.executor, readSchema: source.readSchema },
    dataset,
    filter,
    options,
  );
};
