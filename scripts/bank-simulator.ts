import { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';
import { CommandInputError } from '../src/start-failure.js';
import { commandArgs, portArgument, positiveNumberArgument, runCommand } from './command-input.js';

/**
 * `npm run bank-simulator -- [--port 4010] [--host 127.0.0.1] [--retry-scale 1]`: the bank
 * sandbox on its own, speaking both protocols at `/banks/<code>/…`. Banks are added with
 * `PUT /_control/banks/<code>` (docs/bank-integration.md, "Sandbox"). Prints its URL once it listens.
 * A wrong option, or a port or host it cannot listen on, is one line naming the option (exit 64).
 */
await runCommand('npm run bank-simulator', async () => {
  const { values } = commandArgs({
    options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'retry-scale': { type: 'string', default: '1' } },
  });
  const port = portArgument('--port', values.port);
  const simulator = new BankSimulator({ banks: [], retryScale: positiveNumberArgument('--retry-scale', values['retry-scale']) });
  const url = await simulator.start(port, values.host).catch((error: unknown) => {
    const { code, syscall } = error as { code?: string; syscall?: string };
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new CommandInputError('--port', `${values.host}:${port} cannot be listened on (${code}): another process holds the port, or it needs privileges`);
    if (syscall === 'listen' || syscall === 'getaddrinfo') throw new CommandInputError('--host', `${values.host} cannot be listened on (${String(code)}): give an address of this machine`);
    throw error;
  });
  console.log(`bank simulator listening on ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void simulator.stop().then(() => process.exit(0));
    });
  }
});
