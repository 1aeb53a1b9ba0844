import type { IncomingHttpHeaders } from 'node:http';

/** A `Host` header split into its name (lower case, IPv6 without brackets) and port, or null when malformed. */
export const parseHost = (host: string): { name: string; port: number | null } | null => {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(host.trim());
  if (match === null) return null;
  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  return { name, port: match[3] === undefined ? null : Number(match[3]) };
};

/** True for a name every resolver maps to this machine: localhost, 127.0.0.0/8, ::1. */
export const isLoopbackName = (name: string): boolean =>
  name === 'localhost' ||
  name === '::1' ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
  /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);

/**
 * Why a request to an open server (no tokens) is refused, or null to let it through. A page in the
 * operator's browser can reach a loopback server: a `Host` that is not a loopback name (DNS
 * rebinding) or another port, an `Origin` other than the server's own, and `Sec-Fetch-Site`
 * `cross-site`/`same-site` all mean the request did not come from a local client of this server.
 * `port` is the port the connection arrived on (null when unknown, as under `inject`).
 */
export const openModeRefusal = (headers: IncomingHttpHeaders, port: number | null): string | null => {
  const host = headers.host;
  if (host !== undefined) {
    const parsed = parseHost(host);
    if (parsed === null || !isLoopbackName(parsed.name))
      return 'this server runs without tokens and answers loopback host names only';
    if (port !== null && (parsed.port ?? 80) !== port)
      return 'this server runs without tokens and answers requests for its own port only';
  }
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site')
    return 'this server runs without tokens and refuses requests from other sites';
  const origin = headers.origin;
  if (origin !== undefined && !sameOrigin(origin, host))
    return 'this server runs without tokens and refuses requests from other origins';
  return null;
};

const sameOrigin = (origin: string, host: string | undefined): boolean => {
  if (host === undefined) return false;
  const match = /^https?:\/\/([^/]+)$/i.exec(origin.trim());
  if (match === null) return false; // "null" (sandboxed frames, files) and anything odd
  const from = parseHost(match[1] ?? '');
  const to = parseHost(host);
  if (from === null || to === null) return false;
  const defaultPort = /^https:/i.test(origin) ? 443 : 80;
  return from.name === to.name && (from.port ?? defaultPort) === (to.port ?? 80);
};
