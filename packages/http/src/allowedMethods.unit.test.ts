import fc from 'fast-check';
import { allowedMethods, patternRegExp } from './allowedMethods';

describe('allowedMethods', () => {
  const table = allowedMethods();
  table.add('/v1/leads', 'POST');
  table.add('/v1/leads::batch', 'POST');
  table.add('/v1/leads/:leadId', 'GET');
  table.add('/v1/customers/:id/contact-preference', ['POST']);
  table.add('/docs/*', 'GET');

  it('lists the methods of the routes a path matches, HEAD with GET', () => {
    expect(table.of('/v1/leads')).toEqual(['POST']);
    expect(table.of('/v1/leads:batch')).toEqual(['POST']);
    expect(table.of('/v1/leads/abc')).toEqual(['GET', 'HEAD']);
    expect(table.of('/v1/customers/c-1/contact-preference')).toEqual(['POST']);
    expect(table.of('/docs/static/index.css')).toEqual(['GET', 'HEAD']);
    expect(table.of('/v1/leads/abc/def')).toEqual([]);
    expect(table.of('/v1/nowhere')).toEqual([]);
  });

  it('matches a parameter with any segment, and only one segment', () => {
    const pattern = patternRegExp('/v1/things/:id/events');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes('/')),
        (segment) => {
          expect(pattern.test(`/v1/things/${segment}/events`)).toBe(true);
          expect(pattern.test(`/v1/things/${segment}/x/events`)).toBe(false);
        },
      ),
    );
  });
});
