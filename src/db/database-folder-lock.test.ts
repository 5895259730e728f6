import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseFolderInUseError, lockDatabaseFolder } from './database-folder-lock.js';

const root = mkdtempSync(join(tmpdir(), 'xyd-folder-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The lock a process wrote: its pid and start time as `/proc/<pid>/stat` gives it. */
const lockOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return JSON.stringify({ pid, started: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] });
};

describe('lockDatabaseFolder', () => {
  it('refuses a folder another running process holds, naming its pid', () => {
    const holder = spawn('sleep', ['30']);
    try {
      const folder = join(root, 'held');
      writeFileSync(`${folder}.lock`, lockOf(holder.pid!));
      expect(() => lockDatabaseFolder(folder)).toThrow(DatabaseFolderInUseError);
      expect(() => lockDatabaseFolder(folder)).toThrow(`in use by another process (pid ${holder.pid})`);
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock of a process that is gone (killed), or of one whose pid now names another process', () => {
    const gone = spawnSync('true').pid;
    const folder = join(root, 'left');
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: gone, started: '1' }));
    const release = lockDatabaseFolder(folder);
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(`${folder}.lock`)).toBe(false);

    const other = spawn('sleep', ['30']);
    try {
      // The pid runs, but started at another time than the process that wrote the lock.
      writeFileSync(`${folder}.lock`, JSON.stringify({ pid: other.pid, started: '1' }));
      lockDatabaseFolder(folder)();
      // A lock cut off before its content was written.
      writeFileSync(`${folder}.lock`, '');
      lockDatabaseFolder(folder)();
    } finally {
      other.kill();
    }
  });

  it('releases only its own lock', () => {
    const folder = join(root, 'mine');
    const release = lockDatabaseFolder(folder);
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: 1, started: 'other' }));
    release();
    expect(existsSync(`${folder}.lock`)).toBe(true);
  });
});
