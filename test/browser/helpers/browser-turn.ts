import { createServer, type Server } from 'node:net';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback port whose listener is the browser tests' turn (see `takeBrowserTurn`). */
    browserTurnPort: number;
  }
}

const WAIT_MS = 250;

/**
 * Waits until no other browser test file is running, and holds the turn until the returned
 * function is called. Browser files run beside the other test files (one of each on two cores),
 * but two of them at once starved each other's pages into timeouts. The turn is a listener on
 * one loopback port: only one process can hold it. A file ends its turn when its portal closes
 * (`afterAll`, which runs when tests fail too); if a worker process dies, the system frees the port.
 */
export async function takeBrowserTurn(): Promise<() => Promise<void>> {
  const port = inject('browserTurnPort');
  for (;;) {
    const server = await listenOn(port);
    if (server) return () => new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
}

function listenOn(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}
