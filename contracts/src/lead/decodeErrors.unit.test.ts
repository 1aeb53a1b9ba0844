import * as t from 'io-ts';
import { describeValue, fromValidationErrors, jsonPointer } from './decodeErrors';

const errorsOf = <A>(codec: t.Type<A, unknown, unknown>, value: unknown): t.Errors => {
  const result = codec.decode(value);
  if (result._tag === 'Right') throw new Error('expected a failure');
  return result.left;
};

describe('jsonPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(jsonPointer([])).toBe('');
    expect(jsonPointer(['UserDetails', 'Email'])).toBe('/UserDetails/Email');
    expect(jsonPointer(['a/b', 'c~d', '0'])).toBe('/a~1b/c~0d/0');
  });
});

describe('describeValue', () => {
  it.each([
    [undefined, 'nothing (missing)'],
    [null, 'null'],
    ['abc', 'string "abc"'],
    ['  ', 'an empty string "  "'],
    [42, 'number 42'],
    [false, 'boolean false'],
    [[1], 'an array of 1 item'],
    [[], 'an array of 0 items'],
    [{}, 'an object'],
  ])('%j -> %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('cuts long strings', () => {
    expect(describeValue('x'.repeat(500)).length).toBeLessThan(80);
  });
});

describe('fromValidationErrors', () => {
  it('reports a nullable field once, with what was expected and what came', () => {
    const codec = t.type({ customer: t.type({ email: t.union([t.string, t.null]) }) });
    expect(fromValidationErrors(errorsOf(codec, { customer: { email: 7 } }))).toEqual([
      { path: '/customer/email', message: 'expected (string | null), got number 7' },
    ]);
  });

  it('drops the errors of a union branch that a deeper error explains', () => {
    const codec = t.type({ customer: t.union([t.type({ email: t.string }), t.null]) });
    expect(fromValidationErrors(errorsOf(codec, { customer: { email: 7 } }))).toEqual([
      { path: '/customer/email', message: 'expected string, got number 7' },
    ]);
  });

  it('keeps custom messages and array indexes', () => {
    const codec = t.array(
      new t.Type<string>('x', t.string.is, (u, c) => t.failure(u, c, 'custom'), t.identity),
    );
    expect(fromValidationErrors(errorsOf(codec, ['a', 'b']))).toEqual([
      { path: '/0', message: 'custom' },
      { path: '/1', message: 'custom' },
    ]);
  });

  it('puts an error about the whole value at path ""', () => {
    expect(fromValidationErrors(errorsOf(t.type({ a: t.string }), 'nope'))).toEqual([
      { path: '', message: 'expected { a: string }, got string "nope"' },
    ]);
  });
});
