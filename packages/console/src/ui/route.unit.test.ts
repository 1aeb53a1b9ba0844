import fc from 'fast-check';
import { parseRoute, routeHref, type Route } from './route';

const text = fc.string({ minLength: 1, maxLength: 30 });
const params = fc.dictionary(
  fc.constantFrom('q', 'stage', 'offer', 'source', 'country', 'kind', 'status', 'from', 'to'),
  text,
);
const route: fc.Arbitrary<Route> = fc.oneof(
  fc.constant<Route>({ page: 'sign-in' }),
  params.map((p): Route => ({ page: 'tasks', params: p })),
  params.map((p): Route => ({ page: 'customers', params: p })),
  params.map((p): Route => ({ page: 'funnel', params: p })),
  text.map((id): Route => ({ page: 'customer', id })),
  fc.constantFrom<Route>(
    { page: 'review', tab: 'rejected' },
    { page: 'review', tab: 'unrecognized' },
    { page: 'review', tab: 'dead-letters' },
  ),
);

describe('console routes in the location hash', () => {
  it('reads back every route it writes, whatever its text holds', () => {
    fc.assert(
      fc.property(route, (r) => {
        expect(parseRoute(routeHref(r))).toEqual(r);
      }),
    );
  });

  it('takes any hash at all without throwing, unknown ones as the task list', () => {
    fc.assert(
      fc.property(fc.string(), (hash) => {
        expect(() => parseRoute(`#${hash}`)).not.toThrow();
      }),
    );
    expect(parseRoute('')).toEqual({ page: 'tasks', params: {} });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'tasks', params: {} });
    expect(parseRoute('#/customers/%E0%A4%A')).toEqual({ page: 'customers', params: {} });
    expect(parseRoute('#/review/other')).toEqual({ page: 'review', tab: 'rejected' });
  });

  it('keeps an id with slashes and spaces in one path segment', () => {
    expect(routeHref({ page: 'customer', id: 'a/b c' })).toBe('#/customers/a%2Fb%20c');
    expect(parseRoute('#/customers/a%2Fb%20c')).toEqual({ page: 'customer', id: 'a/b c' });
  });
});
