// A CSOC process that runs only the alert dispatcher, for the test that kills one (-9) mid-delivery.
// Configured by the usual CSOC_* variables; ALERT_TEST_LEASE_MS sets its lease. Prints "dispatcher ready".
import { loadConfig } from '../../config/loadConfig.ts';
import { createAppContext } from '../../createAppContext.ts';
import { startAlertDispatcher } from '../startAlertDispatcher.ts';

const root = await createAppContext(loadConfig(process.env));
const dispatcher = startAlertDispatcher(root.context, {
  pollMs: 50,
  leaseMs: Number(process.env.ALERT_TEST_LEASE_MS ?? 2000),
  timeoutMs: 120_000,
  owner: 'doomed-process',
});
process.stdout.write('dispatcher ready\n');
process.on('SIGTERM', () => void dispatcher.stop().then(() => root.close()));
