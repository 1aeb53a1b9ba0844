import type { Cell, Column, Row } from '../columns';
import type { RowWriter } from './rowWriter';

const jsonValue = (cell: Cell): string | number | boolean | null =>
  cell instanceof Date ? cell.toISOString() : typeof cell === 'bigint' ? cell.toString() : cell;

/**
 * NDJSON: one object per row (positions as decimal strings: they may pass 2^53), then one trailer line
 * `{"_trailer":{"lastPosition":"…","count":N}}` so a reader knows the export ended and where to continue.
 */
export const ndjsonWriter = (columns: ReadonlyArray<Column>): RowWriter => {
  const names = columns.map((c) => c.name);
  return {
    write: (rows) => {
      if (rows.length === 0) return [];
      let text = '';
      for (const row of rows) {
        const object: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i += 1) object[names[i]!] = jsonValue(row[i] ?? null);
        text += `${JSON.stringify(object)}\n`;
      }
      return [Buffer.from(text, 'utf8')];
    },
    finish: (trailer) => [Buffer.from(`${JSON.stringify({ _trailer: trailer })}\n`, 'utf8')],
  };
};
