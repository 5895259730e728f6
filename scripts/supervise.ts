/**
 * `npm start`: runs the platform (built by `npm run build:server` into dist/server, which `npm
 * start` does first) in a child process and starts it again when it
 * stops by itself — a crash, an out-of-memory kill — after a pause that doubles from 1 s up to
 * 30 s while it keeps failing, and goes back to 1 s once a run has lasted a minute. SIGINT or
 * SIGTERM is passed to the platform, which shuts down gracefully; the supervisor then exits with
 * its code and restarts nothing. A platform that exits 0 (stopped on purpose) or 78 (bad
 * configuration, which a restart cannot fix) is not restarted either.
 *
 * The child runs in its own process group, so Ctrl-C in a terminal reaches the platform once
 * (through the supervisor), not twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILT_SERVER_ENTRY, SERVER_ARGS } from './server-build.js';

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;
const HEALTHY_RUN_MS = 60_000;
/** The platform's exit code for a configuration error (EX_CONFIG). */
const CONFIG_ERROR = 78;

let child: ChildProcess | undefined;
let restartTimer: NodeJS.Timeout | undefined;
let stopping = false;
let pause = FIRST_PAUSE_MS;

const log = (message: string) => console.error(`[supervisor] ${message}`);

function run(): void {
  const started = Date.now();
  child = spawn(process.execPath, [...SERVER_ARGS], { stdio: 'inherit', detached: true });
  log(`platform started (pid ${child.pid})`);
  child.once('exit', (code, signal) => {
    child = undefined;
    if (stopping || code === 0 || code === CONFIG_ERROR) {
      process.exit(code ?? 0);
    }
    if (Date.now() - started >= HEALTHY_RUN_MS) pause = FIRST_PAUSE_MS;
    log(`platform stopped (${signal ?? `exit code ${code}`}); restarting in ${pause / 1_000} s`);
    restartTimer = setTimeout(run, pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(restartTimer);
    if (child) child.kill(signal);
    else process.exit(0);
  });
}

if (!existsSync(BUILT_SERVER_ENTRY)) {
  log('the platform is not built: run `npm run build:server` (`npm start` does it first)');
  process.exit(CONFIG_ERROR);
}
run();
