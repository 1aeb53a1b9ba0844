import type * as HyparquetWriter from 'hyparquet-writer' with { 'resolution-mode': 'import' };
import type { Cell, Column, ColumnKind, Row } from '../columns';
import type { RowWriter, RowWriterFactory } from './rowWriter';

type Hyparquet = typeof HyparquetWriter;
type SchemaElement = ConstructorParameters<Hyparquet['ParquetWriter']>[0]['schema'][number];

/**
 * Rows per row group: big enough for good compression and column statistics, small enough that the
 * rows held back stay a few megabytes whatever the export's size.
 */
export const PARQUET_ROW_GROUP_ROWS = 10_000;

const elementOf = (column: Column): Record<string, unknown> => {
  const base = { name: column.name, repetition_type: 'OPTIONAL' };
  const byKind: Record<ColumnKind, Record<string, unknown>> = {
    string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
    position: { type: 'INT64' },
    integer: { type: 'INT64' },
    double: { type: 'DOUBLE' },
    boolean: { type: 'BOOLEAN' },
    timestamp: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } },
  };
  return { ...base, ...byKind[column.kind] };
};

const parquetValue = (kind: ColumnKind, cell: Cell): unknown => {
  if (cell === null) return null;
  if (kind === 'integer' && typeof cell === 'number') return BigInt(cell);
  return cell;
};

let loaded: Promise<Hyparquet> | undefined;
// The writer library is published as an ES module only: loaded once, on the first Parquet export.
const hyparquet = (): Promise<Hyparquet> => (loaded ??= import('hyparquet-writer'));

/**
 * Parquet through hyparquet-writer (pure JS, chosen on measurement over DuckDB, see docs/analytics.md):
 * rows are held back until a row group is full, each row group is encoded and handed on as soon as it
 * is written, and the footer goes out at the end with the last position in its key-value metadata.
 */
export const loadParquetWriter = async (): Promise<RowWriterFactory> => {
  const { ByteWriter, ParquetWriter } = await hyparquet();
  return (columns: ReadonlyArray<Column>): RowWriter => {
    const bytes = new ByteWriter(1 << 20);
    let ready: Uint8Array[] = [];
    const flush = () => {
      if (bytes.index > 0) ready.push(Buffer.from(new Uint8Array(bytes.buffer, 0, bytes.index)));
      bytes.index = 0;
    };
    // The writer calls flush after each row group: its bytes leave at once instead of piling up.
    Object.assign(bytes, { flush, finish: flush });
    const schema = [
      { name: 'root', num_children: columns.length },
      ...columns.map(elementOf),
    ] as unknown as SchemaElement[];
    const writer = new ParquetWriter({ writer: bytes, schema, createdBy: 'leadflow export' });
    let held: Row[] = [];
    const writeGroup = () => {
      if (held.length === 0) return;
      const rows = held;
      held = [];
      void writer.write({
        columnData: columns.map((column, i) => ({
          name: column.name,
          data: rows.map((row) => parquetValue(column.kind, row[i] ?? null)),
        })),
        rowGroupSize: rows.length,
      });
    };
    const take = (): Uint8Array[] => {
      flush();
      const out = ready;
      ready = [];
      return out;
    };
    return {
      write: (rows) => {
        for (const row of rows) {
          held.push(row);
          if (held.length >= PARQUET_ROW_GROUP_ROWS) writeGroup();
        }
        return take();
      },
      finish: (trailer) => {
        writeGroup();
        writer.kvMetadata = [
          { key: 'leadflow.lastPosition', value: trailer.lastPosition },
          { key: 'leadflow.count', value: String(trailer.count) },
        ];
        void writer.finish();
        return take();
      },
    };
  };
};
