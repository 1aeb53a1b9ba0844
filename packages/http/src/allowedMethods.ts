/** A route pattern as Fastify writes it (`/v1/customers/:id`, `/v1/leads::batch`, `/docs/*`) as a RegExp. */
export const patternRegExp = (pattern: string): RegExp => {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === ':' && pattern[i + 1] === ':') {
      source += ':'; // `::` is a literal colon
      i += 1;
    } else if (char === ':') {
      while (i + 1 < pattern.length && /[A-Za-z0-9_]/.test(pattern[i + 1]!)) i += 1;
      source += '[^/]+';
    } else if (char === '*') source += '.*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
};

/** The methods each registered path answers, to tell a wrong method (405 with `Allow`) from an unknown path. */
export const allowedMethods = () => {
  const routes: Array<{ pattern: RegExp; methods: ReadonlyArray<string> }> = [];
  return {
    add: (url: string, method: string | ReadonlyArray<string>) =>
      routes.push({ pattern: patternRegExp(url), methods: typeof method === 'string' ? [method] : method }),
    /** The methods answering `path` (without query string), sorted; empty for an unknown path. */
    of: (path: string): string[] => {
      const methods = new Set<string>();
      for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
      if (methods.has('GET')) methods.add('HEAD'); // Fastify answers HEAD wherever it answers GET
      return [...methods].sort();
    },
  };
};
