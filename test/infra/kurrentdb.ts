import { dockerAnswers } from './docker';

/** Where the run's KurrentDB came from, or why its tests are skipped. */
export type KurrentServer =
  | { kind: 'available'; connectionString: string; origin: string; stop: () => Promise<void> }
  | { kind: 'skipped'; reason: string };

const IMAGE = 'docker.kurrent.io/kurrent-lts/kurrentdb:25.0';

/** ESDB_CONNECTION_STRING if set; else an insecure single-node container when Docker answers; else skipped. */
export const resolveKurrentDb = async (): Promise<KurrentServer> => {
  const fromEnv = process.env.ESDB_CONNECTION_STRING;
  if (fromEnv)
    return {
      kind: 'available',
      connectionString: fromEnv,
      origin: 'ESDB_CONNECTION_STRING',
      stop: async () => {},
    };
  if (!(await dockerAnswers())) {
    return { kind: 'skipped', reason: 'ESDB_CONNECTION_STRING is not set and no Docker engine answers' };
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'None',
      KURRENTDB_MEM_DB: 'true',
      KURRENTDB_ENABLE_ATOM_PUB_OVER_HTTP: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return {
    kind: 'available',
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    origin: 'testcontainers',
    stop: async () => void (await container.stop()),
  };
};
