import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * The embedded database's folder belongs to one process at a time. PGlite takes no lock of its
 * own (its `postmaster.pid` names no real process), so a second `npm start`, `npm run setup` or
 * `npm run reencrypt` on the same `DATA_DIR` opened the same files and both wrote them.
 */
export class DatabaseFolderInUseError extends Error {
  override readonly name = 'DatabaseFolderInUseError';
}

interface Holder {
  readonly pid: number;
  /** The holder's start time (`/proc/<pid>/stat`), so a pid reused by another process is not taken for it. */
  readonly started: string | null;
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, started: holder.started ?? null } : undefined;
  } catch {
    // Gone meanwhile, or cut off by a crash between its creation and its write: nobody holds it.
    return undefined;
  }
}

/** Whether the process that wrote the lock still runs (a lock left by a killed process does not count). */
function stillRuns(holder: Holder): boolean {
  if (holder.pid === process.pid) return false;
  const started = startTimeOf(holder.pid);
  if (started !== null || holder.started !== null) return started !== null && started === holder.started;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<folder>.lock` for this process, or throws `DatabaseFolderInUseError` naming the process
 * that holds it. A lock whose process is gone (killed, crashed) is taken over. Returns the release,
 * which removes the lock only while it is still this process's.
 */
export function lockDatabaseFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  const mine = JSON.stringify({ pid: process.pid, started: startTimeOf(process.pid) } satisfies Holder);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = readHolder(file);
    if (holder && stillRuns(holder)) {
      throw new DatabaseFolderInUseError(
        `the embedded database in ${folder} is in use by another process (pid ${holder.pid}); it takes one process at a time: stop that one, or give this one its own DATA_DIR (several instances need PostgreSQL, DATABASE_URL)`,
      );
    }
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
