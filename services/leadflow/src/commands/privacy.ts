import type { Config } from '@leadflow/config';
import { rebuildWriteSide } from '@leadflow/ingestion';
import type { Logger } from '@leadflow/observability';
import { encryptExisting, readKeyFile, type PrivateSqlEventStore } from '@leadflow/privacy';

export const PRIVACY_USAGE = `       pnpm leadflow privacy encrypt-existing        seal the personal fields of a store written before they were sealed
       pnpm leadflow privacy rotate-master-key <new-key-file>   re-wrap every data key under the key in the file`;

export interface PrivacyCommandDeps {
  readonly config: () => Config;
  readonly logger: (config: Config) => Logger;
  readonly openStore: (config: Config, logger: Logger) => Promise<PrivateSqlEventStore>;
  readonly fail: (message: string, code?: number) => never;
}

/**
 * `leadflow privacy encrypt-existing`: rewrites clear event bodies sealed (a transaction per stream),
 * then rebuilds the write side's index with keyed hashes. Run it with the writers stopped.
 * `leadflow privacy rotate-master-key <file>`: re-wraps every data key (and the index key) under the
 * new master key in one transaction; then configure that key and restart.
 */
export const runPrivacy = async (args: ReadonlyArray<string>, deps: PrivacyCommandDeps): Promise<void> => {
  const [command, file] = args;
  if (command !== 'encrypt-existing' && command !== 'rotate-master-key') return deps.fail(PRIVACY_USAGE);
  if (command === 'rotate-master-key' && file === undefined) return deps.fail(PRIVACY_USAGE);
  const config = deps.config();
  const logger = deps.logger(config);
  const store = await deps.openStore(config, logger);
  try {
    if (command === 'encrypt-existing') {
      const sealed = await encryptExisting(store, (done) => {
        if (done % 1000 === 0) process.stderr.write(`${done} streams\n`);
      });
      const index = await rebuildWriteSide(store, store.executor, store.schema, store.vault);
      process.stdout.write(
        `sealed ${sealed.events} events in ${sealed.streams} streams; identity index rebuilt with keyed hashes ` +
          `(${index.customers} customers, ${index.leads} leads). Rebuild the read models: pnpm leadflow projections rebuild\n`,
      );
      return;
    }
    const next = readKeyFile(file!);
    const count = await store.vault.rewrap(store.executor, next);
    process.stdout.write(
      `re-wrapped ${count} data keys and the index key under the new master key: configure it now ` +
        `(LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE) and restart every process; the old key no longer opens this store\n`,
    );
  } finally {
    await store.close();
  }
};
