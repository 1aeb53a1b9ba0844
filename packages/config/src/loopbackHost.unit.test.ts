import * as E from 'fp-ts/Either';
import { bindsLoopback, loadConfig } from './config';

describe('loopback hosts', () => {
  it('takes host names in any case: LOCALHOST runs open like localhost', () => {
    for (const host of ['localhost', 'LOCALHOST', 'LocalHost', '127.0.0.1', '::1']) {
      const config = loadConfig({ LEADFLOW_HOST: host });
      expect(E.isRight(config) && bindsLoopback(config.right)).toBe(true);
    }
    expect(E.isLeft(loadConfig({ LEADFLOW_HOST: 'example.com' }))).toBe(true);
  });

  it('reads the request timeout and the connection cap, within their ranges', () => {
    const config = loadConfig({ LEADFLOW_REQUEST_TIMEOUT_MS: '2500', LEADFLOW_MAX_CONNECTIONS: '50' });
    expect(E.isRight(config) && [config.right.requestTimeoutMs, config.right.maxConnections]).toEqual([
      2500, 50,
    ]);
    const defaults = loadConfig({});
    expect(E.isRight(defaults) && [defaults.right.requestTimeoutMs, defaults.right.maxConnections]).toEqual([
      30_000, 1024,
    ]);
    expect(E.isLeft(loadConfig({ LEADFLOW_REQUEST_TIMEOUT_MS: '10' }))).toBe(true);
    expect(E.isLeft(loadConfig({ LEADFLOW_MAX_CONNECTIONS: '0' }))).toBe(true);
  });
});
