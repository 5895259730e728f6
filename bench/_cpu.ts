import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name (state is [0], ppid [1], utime [11]). */
const statFields = (pid: number): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/** CPU seconds (user + system) of a process; with `reaped`, plus those of its exited, reaped children. Linux clock ticks are 1/100 s. */
export function cpuSeconds(pid: number, reaped = false): number {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0)) / 100;
}

export const parentPid = (pid: number): number => Number(statFields(pid)[1]);

/**
 * CPU seconds of a PostgreSQL cluster: the postmaster, its live server processes and the ones
 * that exited (which the postmaster has reaped). Differences of two readings are what the
 * cluster spent in between.
 */
export function clusterCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentPid(Number(entry)) === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // exited meanwhile: its CPU is in the postmaster's reaped total
    }
  }
  return total;
}
