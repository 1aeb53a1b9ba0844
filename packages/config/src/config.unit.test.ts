import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { CONFIG_VARIABLES, loadConfig, parseApiTokens, unknownVariables } from './config';
import { integer } from './variable';

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
      masterKey: null,
      masterKeyFile: null,
      retentionDays: null,
      maxLeadBytes: 65536,
      runProjections: true,
      readSchema: 'leadflow_read',
      projectionBatch: 500,
      followUps: {
        inProcess: true,
        retries: 3,
        initialBackoffMs: 200,
        maxBackoffMs: 5000,
        concurrency: 6,
        keyConcurrency: 8,
        overdueScanMs: 60000,
        publisherBatch: 500,
        sessionTimeoutMs: 30000,
      },
    });
  });

  it.each(CONFIG_VARIABLES.filter((v) => v.badExample !== null).map((v) => [v.name, v.badExample!]))(
    'refuses a bad %s with exactly one line naming it',
    (name, bad) => {
      const config = loadConfig({ [name]: bad });
      expect(E.isLeft(config) && config.left).toEqual([expect.stringContaining(name)]);
    },
  );

  it('accepts any text for the free-text variables', () => {
    const free = CONFIG_VARIABLES.filter((v) => v.badExample === null);
    expect(free.map((v) => v.name)).toEqual(['LEADFLOW_DATA_DIR', 'LEADFLOW_MASTER_KEY_FILE']);
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const config = loadConfig({ LEADFLOW_DATA_DIR: raw });
        expect(E.isRight(config) && config.right.dataDir).toBe(
          raw.trim() === '' ? './.leadflow' : raw.trim(),
        );
      }),
    );
  });

  it('reads the master key as its 32 bytes and the retention period in days', () => {
    const key = Buffer.alloc(32, 7);
    const config = loadConfig({ LEADFLOW_MASTER_KEY: key.toString('base64'), LEADFLOW_RETENTION_DAYS: '30' });
    expect(E.isRight(config) && config.right.masterKey?.equals(key)).toBe(true);
    expect(E.isRight(config) && config.right.retentionDays).toBe(30);
    const bad = loadConfig({ LEADFLOW_MASTER_KEY: Buffer.alloc(31).toString('base64') });
    // The message names the variable and never repeats the value (it is a secret).
    expect(E.isLeft(bad) && bad.left).toEqual([expect.stringContaining('LEADFLOW_MASTER_KEY')]);
    expect(E.isLeft(bad) && bad.left.join()).not.toContain(Buffer.alloc(31).toString('base64'));
  });

  it('reads the follow-up and read-side variables into the one configuration', () => {
    const config = loadConfig({
      LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
      LEADFLOW_OVERDUE_SCAN_MS: '250',
      LEADFLOW_PROJECTIONS: 'off',
      LEADFLOW_READ_SCHEMA: 'reads',
      LEADFLOW_PROJECTION_BATCH: '50',
    });
    expect(E.isRight(config) && config.right).toMatchObject({
      followUps: { inProcess: false, overdueScanMs: 250 },
      runProjections: false,
      readSchema: 'reads',
      projectionBatch: 50,
    });
  });

  it('names the LEADFLOW_ variables it does not know, and only those', () => {
    expect(
      unknownVariables({ LEADFLOW_PORT: '1', LEADFLOW_PROJECTON_BATCH: '5', PATH: '/bin', LEADFLOW_X: '' }),
    ).toEqual(['LEADFLOW_PROJECTON_BATCH', 'LEADFLOW_X']);
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
      expect.stringContaining(
        'LEADFLOW_EVENTSTORE=postgres needs LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE',
      ),
    ]);
  });

  it('needs a master key given to every process with a server store, not one of its data directory', () => {
    const servers = { DATABASE_URL: 'postgres://db/x', ESDB_CONNECTION_STRING: 'esdb://es:2113?tls=false' };
    const key = Buffer.alloc(32, 1).toString('base64');
    for (const store of ['postgres', 'kurrentdb']) {
      const without = loadConfig({ ...servers, LEADFLOW_EVENTSTORE: store });
      expect(E.isLeft(without) && without.left).toEqual([
        expect.stringMatching(
          new RegExp(`^LEADFLOW_EVENTSTORE=${store} needs LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE`),
        ),
      ]);
      expect(
        E.isRight(loadConfig({ ...servers, LEADFLOW_EVENTSTORE: store, LEADFLOW_MASTER_KEY: key })),
      ).toBe(true);
      expect(
        E.isRight(
          loadConfig({ ...servers, LEADFLOW_EVENTSTORE: store, LEADFLOW_MASTER_KEY_FILE: '/run/secrets/k' }),
        ),
      ).toBe(true);
    }
    // The embedded store keeps its key file in its data directory
    expect(E.isRight(loadConfig({ LEADFLOW_EVENTSTORE: 'pglite' }))).toBe(true);
  });
});

describe('integer variables', () => {
  const v = integer({ name: 'N', group: 'Logging', meaning: '', fallback: 5, min: -3, max: 40 });
  it('accept exactly the integers of their range, and name themselves otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), (n) => {
        const read = v.read(String(n));
        if (n >= -3 && n <= 40) expect(read).toEqual(E.right(n));
        else expect(read).toEqual(E.left(`N="${n}": expected an integer from -3 to 40`));
      }),
    );
    expect(E.isLeft(v.read('1.5'))).toBe(true);
    expect(v.read(undefined)).toEqual(E.right(5));
  });
});

describe('parseApiTokens', () => {
  it('reads token:scope+scope lists, all scopes when none given', () => {
    expect(parseApiTokens(`${TOKEN}:ingest+read, ${'b'.repeat(16)}`)).toEqual(
      E.right([
        { token: TOKEN, scopes: ['ingest', 'read'] },
        { token: 'b'.repeat(16), scopes: ['ingest', 'read', 'write', 'privacy'] },
      ]),
    );
  });
  it('rejects short tokens and unknown scopes', () => {
    expect(E.isLeft(parseApiTokens('short:ingest'))).toBe(true);
    expect(E.isLeft(parseApiTokens(`${TOKEN}:admin`))).toBe(true);
  });
});
