import { csvWriter } from './csv';
import { ndjsonWriter } from './ndjson';
import { loadParquetWriter } from './parquet';
import type { ExportFormat, RowWriterFactory } from './rowWriter';

export * from './rowWriter';
export { csvField, csvWriter } from './csv';
export { ndjsonWriter } from './ndjson';
export { loadParquetWriter, PARQUET_ROW_GROUP_ROWS } from './parquet';

/** The row writer factory of a format (Parquet's library is loaded on first use). */
export const rowWriterFactory = (format: ExportFormat): Promise<RowWriterFactory> =>
  format === 'parquet' ? loadParquetWriter() : Promise.resolve(format === 'csv' ? csvWriter : ndjsonWriter);
