import fc from 'fast-check';
import { problemText } from './problemText';

describe('problem+json as a sentence', () => {
  it('joins the title, the detail and each error', () => {
    expect(
      problemText(400, {
        type: 'https://leadflow.dev/problems/invalid-query',
        title: 'Bad Request',
        status: 400,
        detail: 'from is after to',
        errors: [{ path: '/query/from', message: 'must not be after to' }],
      }),
    ).toBe('Bad Request: from is after to (/query/from must not be after to)');
    expect(problemText(401, { title: 'Unauthorized', detail: 'unknown token' })).toBe(
      'Unauthorized: unknown token',
    );
  });

  it('says the status when the body is no problem', () => {
    expect(problemText(502, null)).toBe('The server answered 502 without an explanation.');
    expect(problemText(500, '<html>')).toBe('The server answered 500 without an explanation.');
  });

  it('never throws and always says something, whatever the body', () => {
    expect(problemText(400, { title: 'Bad Request', errors: 'not a list' })).toBe('Bad Request');
    expect(problemText(400, { detail: 'x', errors: [null, 7, { path: 1, message: 'm' }] })).toBe('x (m)');
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.anything(), (status, body) => {
        expect(problemText(status, body).length).toBeGreaterThan(0);
      }),
    );
  });
});
