// `npm start` / `csoc-server`: starts CSOC with configuration from the environment, and shuts down
// gracefully on SIGTERM/SIGINT (in-flight requests finish; the process exits within 10 s).
import { startTracing } from './telemetry/startTracing.ts';

const tracing = await startTracing();
const { ConfigError, loadConfig } = await import('./config/loadConfig.ts');
const { startCsoc } = await import('./startCsoc.ts');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

let csoc;
try {
  csoc = await startCsoc({ config });
} catch (error) {
  console.error(`CSOC failed to start: ${(error as Error).message}`);
  process.exit(1);
}

const running = csoc;
let signalled = false;
async function shutdown(signal: string) {
  if (signalled) return;
  signalled = true;
  running.context.logger.info({ signal }, 'shutting down');
  // Whatever happens, exit before an orchestrator's 10 s grace period ends.
  const deadline = setTimeout(() => {
    running.context.logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  deadline.unref();
  try {
    await running.stop();
    await tracing?.shutdown();
    process.exit(0);
  } catch (error) {
    running.context.logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
