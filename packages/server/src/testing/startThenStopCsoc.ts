// A process that starts CSOC as `serve` does (embedded run worker, simulated Argo CD, deploy followers, audit
// retention) and stops it without calling process.exit: it ends on its own only if every background task let
// go of its timers, sockets and pools. startCsoc.integration.test.ts runs it.
import { loadConfig } from '../config/loadConfig.ts';
import { startCsoc } from '../startCsoc.ts';

const csoc = await startCsoc({ config: loadConfig() });
const started = csoc.tasks.running();
await csoc.stop();
process.stdout.write(`${JSON.stringify({ started, stillRunning: csoc.tasks.running() })}\n`);
