import fc from 'fast-check';
import { arrayItemTexts, splitBatch } from './batch';

describe('splitBatch', () => {
  it('cuts a JSON array into the texts of its items, each parsing to the item', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 }), (items) => {
        const text = JSON.stringify(items, null, 1);
        const split = splitBatch(text);
        expect('items' in split && split.items.map((t) => JSON.parse(t) as unknown)).toEqual(
          JSON.parse(text),
        );
      }),
    );
  });

  it('keeps an item 3,000 levels deep as its text, without recursion', () => {
    const deep = `${'['.repeat(3000)}1${']'.repeat(3000)}`;
    expect(splitBatch(`[{"a":1}, ${deep} ,"x,]"]`)).toEqual({ items: ['{"a":1}', deep, '"x,]"'] });
    expect(arrayItemTexts('[]')).toEqual([]);
  });

  it('splits NDJSON on lines and names a broken array', () => {
    expect(splitBatch('{"a":1}\n\n{"b":2}\n')).toEqual({ items: ['{"a":1}', '{"b":2}'] });
    expect(splitBatch('[{"a":1},')).toEqual({ error: expect.stringContaining('does not parse') });
  });
});
