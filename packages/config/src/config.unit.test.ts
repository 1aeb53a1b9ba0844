import * as E from 'fp-ts/Either';
import { loadConfig, parseApiTokens } from './config';

const TOKEN = 'a'.repeat(20);

describe('loadConfig', () => {
  it('defaults to the embedded store on 127.0.0.1:8080, running open', () => {
    const config = loadConfig({});
    expect(E.isRight(config) && config.right).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      eventStore: 'pglite',
      bus: 'memory',
      dataDir: './.leadflow',
      apiTokens: [],
      maxLeadBytes: 65536,
    });
  });

  it('reports one line per bad value', () => {
    const config = loadConfig({
      LEADFLOW_PORT: 'eighty',
      LEADFLOW_EVENTSTORE: 'mysql',
      KAFKA_BROKERS: 'nohost',
    });
    expect(E.isLeft(config) && config.left).toEqual([
      'LEADFLOW_PORT="eighty": expected an integer from 0 to 65535',
      'LEADFLOW_EVENTSTORE="mysql": expected one of pglite, postgres, kurrentdb',
      'KAFKA_BROKERS: expected host:port entries, got nohost',
    ]);
  });

  it('refuses a non-loopback address without tokens, and accepts it with tokens', () => {
    expect(E.isLeft(loadConfig({ LEADFLOW_HOST: '0.0.0.0' }))).toBe(true);
    expect(E.isRight(loadConfig({ LEADFLOW_HOST: '0.0.0.0', LEADFLOW_API_TOKENS: `${TOKEN}:ingest` }))).toBe(
      true,
    );
  });

  it('needs the servers each mode uses', () => {
    const config = loadConfig({ LEADFLOW_EVENTSTORE: 'postgres', LEADFLOW_BUS: 'kafka' });
    expect(E.isLeft(config) && config.left).toEqual([
      'LEADFLOW_EVENTSTORE=postgres needs DATABASE_URL',
      'LEADFLOW_BUS=kafka needs KAFKA_BROKERS',
    ]);
  });
});

describe('parseApiTokens', () => {
  it('reads token:scope+scope lists, all scopes when none given', () => {
    expect(parseApiTokens(`${TOKEN}:ingest+read, ${'b'.repeat(16)}`)).toEqual(
      E.right([
        { token: TOKEN, scopes: ['ingest', 'read'] },
        { token: 'b'.repeat(16), scopes: ['ingest', 'read', 'write'] },
      ]),
    );
  });
  it('rejects short tokens and unknown scopes', () => {
    expect(E.isLeft(parseApiTokens('short:ingest'))).toBe(true);
    expect(E.isLeft(parseApiTokens(`${TOKEN}:admin`))).toBe(true);
  });
});
