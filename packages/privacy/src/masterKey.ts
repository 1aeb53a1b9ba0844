import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@leadflow/config';
import type { Logger } from '@leadflow/observability';
import { KEY_BYTES, newKey } from './crypto';

/** The key file the embedded default creates when no master key is configured. */
export const DEFAULT_KEY_FILE = 'master.key';

/** Thrown when no usable master key can be had; the message says what to set. */
export class MasterKeyProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyProblem';
  }
}

/** Reads a key file: base64 of exactly 32 bytes (surrounding whitespace allowed). */
export const readKeyFile = (file: string): Buffer => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new MasterKeyProblem(
      `cannot read the master key file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const key = /^[A-Za-z0-9+/=_-]+$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES)
    throw new MasterKeyProblem(
      `the master key file ${file} does not hold base64 of exactly ${KEY_BYTES} bytes`,
    );
  return key;
};

/** Creates a key file with a fresh key, readable by its owner only; false when it exists already (another process made it). */
const createKeyFile = (file: string): boolean => {
  mkdirSync(path.dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${newKey().toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
};

/**
 * The master key of this process: `LEADFLOW_MASTER_KEY`, else `LEADFLOW_MASTER_KEY_FILE`, else (embedded
 * store only) the key file in `LEADFLOW_DATA_DIR` (created, mode 0600, on first start; the log says
 * where). A server store needs one of the two: its processes must share one key, kept apart from the
 * data. The key itself is never logged.
 */
export const resolveMasterKey = (
  config: Pick<Config, 'masterKey' | 'masterKeyFile' | 'dataDir' | 'eventStore'>,
  logger?: Logger,
): Buffer => {
  if (config.masterKey !== null) return config.masterKey;
  if (config.masterKeyFile !== null) return readKeyFile(config.masterKeyFile);
  if (config.eventStore !== 'pglite')
    throw new MasterKeyProblem(
      `LEADFLOW_EVENTSTORE=${config.eventStore} needs LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE, ` +
        'the same for every process of the deployment (create one with `openssl rand -base64 32`)',
    );
  const file = path.resolve(config.dataDir, DEFAULT_KEY_FILE);
  if (!existsSync(file) && createKeyFile(file)) {
    logger?.warn(
      { keyFile: file },
      'created a master key file for personal data: back it up (without it the stored personal data cannot be read); ' +
        'set LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE to use another key',
    );
  }
  return readKeyFile(file);
};
