import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The lock file an embedded store keeps in its directory while it has the directory open. */
export const LOCK_FILE = 'leadflow.lock';

/** Another live process has the directory open: a second writer would lose the first one's leads. */
export class DataDirLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly holderPid: number,
  ) {
    super(
      `the data directory ${directory} is in use by another leadflow process (pid ${holderPid}); ` +
        'stop that process first, or point LEADFLOW_DATA_DIR at another directory',
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock; `release()` removes the file if it is still ours (safe to call twice). */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

// Locks held by this process: its own pid in a lock file is a live holder only if it is in here.
const heldHere = new Set<string>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readPid = (file: string): number | null => {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/** Whether the pid in a lock file still holds it; a pid of ours not held here is a previous life (a container's pid 1). */
const holds = (file: string, pid: number | null): pid is number =>
  pid !== null && (pid === process.pid ? heldHere.has(file) : isAlive(pid));

const createExclusive = (file: string): boolean => {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
};

/**
 * Moves a stale lock aside, unless another process took it over meanwhile: the file is renamed first
 * (atomic, so two processes cannot both remove the same file) and put back if it turns out to be live.
 */
const removeStale = (file: string, stalePid: number | null): void => {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readPid(aside);
  if (moved !== stalePid && holds(file, moved)) {
    try {
      linkSync(aside, file); // fails if yet another process created one: it then holds the lock
    } catch {
      // nothing to restore
    }
  }
  unlinkSync(aside);
};

/**
 * Takes the exclusive lock of an embedded store's directory: a lock file created with O_EXCL holding
 * this pid. A lock whose holder is dead (a crash, kill -9) is taken over; a live holder makes this
 * throw DataDirLockedError. Released on `release()` and, as a last resort, when the process exits.
 */
export const lockDataDir = (directory: string): DataDirLock => {
  const resolved = path.resolve(directory);
  const file = path.join(resolved, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (createExclusive(file)) {
      heldHere.add(file);
      const onExit = () => release();
      const release = () => {
        if (!heldHere.delete(file)) return;
        process.removeListener('exit', onExit);
        if (readPid(file) !== process.pid) return;
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', onExit);
      return { file, release };
    }
    const pid = readPid(file);
    if (holds(file, pid)) throw new DataDirLockedError(resolved, pid);
    removeStale(file, pid);
  }
  throw new DataDirLockedError(resolved, readPid(file) ?? 0);
};
