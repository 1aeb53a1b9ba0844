import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import type { Column, Row } from '../columns';
import { csvWriter } from './csv';
import { ndjsonWriter } from './ndjson';
import { loadParquetWriter, PARQUET_ROW_GROUP_ROWS } from './parquet';
import type { RowWriter } from './rowWriter';

const columns: Column[] = [
  { name: 'position', kind: 'position', description: '' },
  { name: 'n', kind: 'integer', description: '' },
  { name: 'text', kind: 'string', description: '' },
  { name: 'at', kind: 'timestamp', description: '' },
  { name: 'flag', kind: 'boolean', description: '' },
  { name: 'ratio', kind: 'double', description: '' },
];

const arbRow = fc.tuple(
  fc.bigInt({ min: 1n, max: (1n << 62n) - 1n }),
  fc.option(fc.integer({ min: 0, max: 1_000_000 })),
  fc.option(fc.string({ unit: 'grapheme', maxLength: 20 })),
  fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })),
  fc.option(fc.boolean()),
  fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
) as fc.Arbitrary<unknown> as fc.Arbitrary<Row>;

const text = (writer: RowWriter, pages: Row[][]) =>
  Buffer.concat([
    ...pages.flatMap((p) => writer.write(p)),
    ...writer.finish({ lastPosition: '7', count: 0 }),
  ]).toString('utf8');

/** A strict RFC 4180 parser (CRLF records), to read back what the writer wrote. */
const parseCsv = (input: string): string[][] => {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < input.length) {
    if (input[i] === '"') {
      for (i += 1; !(input[i] === '"' && input[i + 1] !== '"'); i += 1) {
        if (input[i] === '"') i += 1;
        field += input[i];
      }
      i += 1;
    } else if (input[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (input.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += input[i];
      i += 1;
    }
  }
  return records;
};

const cellText = (cell: Row[number]) =>
  cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

describe('CSV', () => {
  it('reads back field for field under RFC 4180, header first, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbRow, { maxLength: 5 }), { maxLength: 4 }), (pages) => {
        const parsed = parseCsv(text(csvWriter(columns), pages));
        expect(parsed[0]).toEqual(columns.map((c) => c.name));
        expect(parsed.slice(1)).toEqual(pages.flat().map((row) => row.map(cellText)));
      }),
    );
  });
});

describe('NDJSON', () => {
  it('writes one object per row, positions as strings, and the trailer line last', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 10 }), (rows) => {
        const lines = text(ndjsonWriter(columns), [rows])
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(lines[lines.length - 1]).toEqual({ _trailer: { lastPosition: '7', count: 0 } });
        expect(lines.slice(0, -1).map((o) => o.position)).toEqual(rows.map((r) => String(r[0])));
        expect(lines.slice(0, -1).map((o) => o.at)).toEqual(
          rows.map((r) => (r[3] instanceof Date ? r[3].toISOString() : null)),
        );
      }),
    );
  });
});

describe('Parquet', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lf-parquet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read back by DuckDB with the same values and types, in row groups written as rows arrive', async () => {
    // Given more rows than one row group, written in pages of 700
    const rows: Row[] = Array.from({ length: PARQUET_ROW_GROUP_ROWS + 1234 }, (_, i) => [
      BigInt(i) * (1n << 20n) + 3n,
      i % 5 === 0 ? null : i,
      i % 7 === 0 ? null : `t,"${i}"\n`,
      new Date(Date.UTC(2026, 0, 1) + i * 1000),
      i % 2 === 0,
      i / 4,
    ]);
    const writer = (await loadParquetWriter())(columns);
    const chunks: Uint8Array[] = [];
    let bytesBeforeFinish = 0;
    for (let i = 0; i < rows.length; i += 700) chunks.push(...writer.write(rows.slice(i, i + 700)));
    bytesBeforeFinish = chunks.reduce((n, c) => n + c.length, 0);
    chunks.push(...writer.finish({ lastPosition: '42', count: rows.length }));
    const file = path.join(dir, 'rows.parquet');
    writeFileSync(file, Buffer.concat(chunks));
    // Then the first row group left before the end
    expect(bytesBeforeFinish).toBeGreaterThan(0);
    // And DuckDB (another implementation) reads every value back
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const read = await connection.runAndReadAll(
      `SELECT position::text AS position, n, text, epoch_ms("at") AS at, flag, ratio FROM read_parquet('${file}')`,
    );
    const got = read.getRowObjectsJS();
    expect(got.length).toBe(rows.length);
    got.forEach((r, i) => {
      const row = rows[i]!;
      expect([
        r['position'],
        r['n'] === null ? null : Number(r['n']),
        r['text'],
        Number(r['at']),
        r['flag'],
        r['ratio'],
      ]).toEqual([String(row[0]), row[1], row[2], (row[3] as Date).getTime(), row[4], row[5]]);
    });
    const types = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(types.getRowObjectsJS().map((t) => t['column_type'])).toEqual([
      'BIGINT',
      'BIGINT',
      'VARCHAR',
      'TIMESTAMP WITH TIME ZONE',
      'BOOLEAN',
      'DOUBLE',
    ]);
    const meta = await connection.runAndReadAll(
      `SELECT decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) = 'leadflow.lastPosition'`,
    );
    expect(meta.getRowObjectsJS()).toEqual([{ v: '42' }]);
    connection.closeSync();
  });
});
