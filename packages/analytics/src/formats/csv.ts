import type { Cell, Column } from '../columns';
import { TEXT_CHUNK_CHARS, type RowWriter } from './rowWriter';

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted when it holds a quote, comma or line break, quotes doubled; null is empty. */
export const csvField = (cell: Cell): string => {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString() : typeof cell === 'string' ? cell : String(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const line = (cells: ReadonlyArray<Cell>): string => `${cells.map(csvField).join(',')}\r\n`;

/** CSV (RFC 4180): a header row of the column names, CRLF line ends. */
export const csvWriter = (columns: ReadonlyArray<Column>): RowWriter => {
  let header: string | null = line(columns.map((c) => c.name));
  const takeHeader = (): string => {
    const text = header ?? '';
    header = null;
    return text;
  };
  return {
    write: (rows) => {
      const chunks: Uint8Array[] = [];
      let text = takeHeader();
      for (const row of rows) {
        text += line(row);
        if (text.length >= TEXT_CHUNK_CHARS) {
          chunks.push(Buffer.from(text, 'utf8'));
          text = '';
        }
      }
      if (text !== '') chunks.push(Buffer.from(text, 'utf8'));
      return chunks;
    },
    finish: () => {
      const text = takeHeader();
      return text === '' ? [] : [Buffer.from(text, 'utf8')];
    },
  };
};
