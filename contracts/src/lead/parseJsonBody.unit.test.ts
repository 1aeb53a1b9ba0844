import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  checkBodySize,
  decodeLeadText,
  DEFAULT_MAX_LEAD_BYTES,
  parseJsonBody,
  utf8ByteLength,
} from './parseJsonBody';

describe('parseJsonBody', () => {
  it('parses JSON', () => {
    expect(parseJsonBody('{"a":1}')).toEqual(E.right({ a: 1 }));
  });

  it('rejects text that is not JSON at path ""', () => {
    expect(parseJsonBody('{"UserDetails": {"FirstName": "Broken"')).toEqual(
      E.left([{ path: '', message: expect.stringContaining('does not parse') }]),
    );
  });
});

describe('utf8ByteLength', () => {
  it('agrees with TextEncoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
  });

  it('counts lone surrogates as TextEncoder does', () => {
    expect(utf8ByteLength('\ud800x\udc00')).toBe(new TextEncoder().encode('\ud800x\udc00').length);
  });
});

describe('checkBodySize', () => {
  it('passes a body at the limit and rejects one byte more', () => {
    expect(checkBodySize('x'.repeat(DEFAULT_MAX_LEAD_BYTES))).toEqual(
      E.right('x'.repeat(DEFAULT_MAX_LEAD_BYTES)),
    );
    expect(checkBodySize('é'.repeat(3), 5)).toEqual(
      E.left([{ path: '', message: 'expected a lead body of at most 5 bytes, got 6 bytes' }]),
    );
  });
});

describe('decodeLeadText', () => {
  it.each([
    ['x'.repeat(DEFAULT_MAX_LEAD_BYTES + 1), 'too-large'],
    ['{"a":', 'not-json'],
    ['[1, 2, 3]', 'invalid'],
    ['"just a string"', 'invalid'],
  ])('rejects %s… as %s', (text, reason) => {
    const result = decodeLeadText(text);
    expect(E.isLeft(result) && result.left.reason).toBe(reason);
  });

  it('decodes a webhook body', () => {
    const result = decodeLeadText('{"leadSource":"AzurePortal","actionCode":"create"}');
    expect(E.isRight(result) && result.right.action.known).toBe('Create');
  });

  it('honours a smaller limit', () => {
    const result = decodeLeadText('{"leadSource":"AzurePortal","actionCode":"create"}', 10);
    expect(E.isLeft(result) && result.left.reason).toBe('too-large');
  });
});
