import type { Config } from '@leadflow/config';
import type { SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';
import { MasterKeyProblem, resolveMasterKey } from './masterKey';
import { privateStore, type PrivateSqlEventStore } from './privateStore';
import { WrongMasterKey, openVault } from './vault';

/** A master key missing, unreadable or not this store's: an operator's situation, whose message says what to do. */
export const isMasterKeyProblem = (error: unknown): error is Error =>
  error instanceof MasterKeyProblem || error instanceof WrongMasterKey;

/**
 * The configured store with personal data protected: the master key resolved (a wrong one is
 * refused here, before anything is read or written), the key tables beside the write side.
 */
export const protectStore = async (
  store: SqlEventStore,
  config: Pick<Config, 'masterKey' | 'masterKeyFile' | 'dataDir' | 'eventStore'>,
  logger?: Logger,
): Promise<PrivateSqlEventStore> => {
  try {
    const masterKey = resolveMasterKey(config, logger);
    const vault = await openVault({ executor: store.executor, schema: store.schema, masterKey });
    return privateStore(store, vault);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
};
