import fc from 'fast-check';
import { scopesOf, secretsEqual } from './auth';

describe('secretsEqual', () => {
  it('is string equality, whatever the lengths', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => expect(secretsEqual(a, b)).toBe(a === b)));
  });
});

describe('scopesOf', () => {
  const tokens = [
    { token: 'a'.repeat(20), scopes: ['ingest' as const] },
    { token: 'b'.repeat(20), scopes: ['read' as const, 'write' as const] },
  ];
  it('grants the scopes of the matching token only', () => {
    expect([...scopesOf(tokens, 'b'.repeat(20))]).toEqual(['read', 'write']);
    expect([...scopesOf(tokens, 'a'.repeat(20))]).toEqual(['ingest']);
    expect(scopesOf(tokens, 'a'.repeat(19)).size).toBe(0);
  });
});
