import { unnestInsert } from './unnestInsert';

describe('unnest insert', () => {
  const insert = unnestInsert('s', 't', 'id text, n integer, tags text[], doc jsonb', {
    conflict: 'ON CONFLICT DO NOTHING',
  });

  it('sends each column joined in one text, split server-side, nulls marked', () => {
    // Given rows with a null, an array cell and a JSON cell
    const rows = [
      { id: 'a', n: 1, tags: ['x', 'y "q"'], doc: { k: 1 } },
      { id: 'b', n: null, tags: [], doc: { k: 2 } },
    ];
    // When the statement is built
    const { sql, params } = insert.statement(rows);
    // Then every column is one joined text, cast back in the select list
    expect(params).toEqual(['a\x1eb', '1\x1e\x1f', '{"x","y \\"q\\""}\x1e{}', '{"k":1}\x1e{"k":2}']);
    expect(sql).toContain(`string_to_array($1::text, E'\\x1e', E'\\x1f')`);
    expect(sql).toContain('x.tags::text[]');
    expect(sql).toContain('x.doc::jsonb');
    expect(sql).toMatch(/ON CONFLICT DO NOTHING$/);
  });

  it('falls back to an array parameter for a column holding a separator or a lone empty string', () => {
    const { sql, params } = insert.statement([{ id: 'a\x1eb', n: 1, tags: [], doc: {} }]);
    expect(params[0]).toEqual(['a\x1eb']);
    expect(sql).toContain('$1::text[]');
    const empty = insert.statement([{ id: '', n: 1, tags: [], doc: {} }]);
    expect(empty.params[0]).toEqual(['']);
  });
});
