/** The console's pages, as the part of the URL after `#` names them (the server only ever sees `/`). */
export type Route =
  | { page: 'sign-in' }
  | { page: 'tasks'; params: Params }
  | { page: 'customers'; params: Params }
  | { page: 'customer'; id: string }
  | { page: 'funnel'; params: Params }
  | { page: 'review'; tab: ReviewTab };

export type ReviewTab = 'rejected' | 'unrecognized' | 'dead-letters';
export type Params = Readonly<Record<string, string>>;

const REVIEW_TABS: ReadonlyArray<ReviewTab> = ['rejected', 'unrecognized', 'dead-letters'];

const paramsOf = (query: string): Params => {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (value !== '') params[key] = value;
  return params;
};

const decodeSegment = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/** The route of a location hash (`#/customers?q=ada`); anything unknown is the task list, the home page. */
export const parseRoute = (hash: string): Route => {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const queryAt = text.indexOf('?');
  const pathPart = queryAt === -1 ? text : text.slice(0, queryAt);
  const params = paramsOf(queryAt === -1 ? '' : text.slice(queryAt + 1));
  const segments = pathPart.split('/').filter((s) => s !== '');
  const [first, second] = segments;
  if (first === 'sign-in') return { page: 'sign-in' };
  if (first === 'customers' && second !== undefined && segments.length === 2) {
    const id = decodeSegment(second);
    if (id !== null && id !== '') return { page: 'customer', id };
  }
  if (first === 'customers') return { page: 'customers', params };
  if (first === 'funnel') return { page: 'funnel', params };
  if (first === 'review') {
    const tab = REVIEW_TABS.find((t) => t === second) ?? 'rejected';
    return { page: 'review', tab };
  }
  return { page: 'tasks', params };
};

const withQuery = (path: string, params: Params): string => {
  const entries = Object.entries(params).filter(([, v]) => v !== '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? path : `${path}?${new URLSearchParams(entries).toString()}`;
};

/** The hash naming a route: `parseRoute(routeHref(r))` is `r` again. */
export const routeHref = (route: Route): string => {
  switch (route.page) {
    case 'sign-in':
      return '#/sign-in';
    case 'tasks':
      return withQuery('#/tasks', route.params);
    case 'customers':
      return withQuery('#/customers', route.params);
    case 'customer':
      return `#/customers/${encodeURIComponent(route.id)}`;
    case 'funnel':
      return withQuery('#/funnel', route.params);
    case 'review':
      return `#/review/${route.tab}`;
  }
};
