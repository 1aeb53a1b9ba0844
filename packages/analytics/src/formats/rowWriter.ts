import type { Column, Row } from '../columns';

/** The formats an export writes. */
export type ExportFormat = 'ndjson' | 'csv' | 'parquet';
export const EXPORT_FORMATS: ReadonlyArray<ExportFormat> = ['ndjson', 'csv', 'parquet'];

/** The Content-Type of each format. */
export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  parquet: 'application/vnd.apache.parquet',
};

/** What an export covered: the last position (continue with `afterPosition` = it) and the rows written. */
export interface ExportTrailer {
  readonly lastPosition: string;
  readonly count: number;
}

/**
 * Encodes rows of one dataset, page by page: each call returns the bytes that are ready (a format may
 * hold a bounded number of rows back, Parquet a row group), `finish` the rest.
 */
export interface RowWriter {
  write(rows: ReadonlyArray<Row>): Uint8Array[];
  finish(trailer: ExportTrailer): Uint8Array[];
}

/**
 * Text formats hand their bytes on in chunks of about this many characters: a page as one string would
 * be a large object that only a full garbage collection frees, and the process's memory would climb.
 */
export const TEXT_CHUNK_CHARS = 32 * 1024;

/** A writer factory per format, given the dataset's columns. */
export type RowWriterFactory = (columns: ReadonlyArray<Column>) => RowWriter;
