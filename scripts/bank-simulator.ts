import { parseArgs } from 'node:util';
import { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';

/**
 * `npm run bank-simulator -- [--port 4010] [--host 127.0.0.1] [--retry-scale 1]`: the bank
 * sandbox on its own, speaking both protocols at `/banks/<code>/…`. Banks are added with
 * `PUT /_control/banks/<code>` (docs/bank-integration.md, "Sandbox"). Prints its URL once it listens.
 */
const { values } = parseArgs({
  options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'retry-scale': { type: 'string', default: '1' } },
});
const simulator = new BankSimulator({ banks: [], retryScale: Number(values['retry-scale']) });
const url = await simulator.start(Number(values.port), values.host);
console.log(`bank simulator listening on ${url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.stop().then(() => process.exit(0));
  });
}
