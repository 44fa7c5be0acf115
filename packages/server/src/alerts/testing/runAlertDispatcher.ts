// A CSOC process that runs only the alert dispatcher, for the tests that race two processes and kill one
// (-9) mid-delivery. Configured by the usual CSOC_* variables; ALERT_TEST_LEASE_MS sets its lease and
// ALERT_TEST_OWNER its name. Prints "dispatcher ready".
import { loadConfig } from '../../config/loadConfig.ts';
import { createAppContext } from '../../createAppContext.ts';
import { startAlertDispatcher } from '../startAlertDispatcher.ts';

const root = await createAppContext(loadConfig(process.env));
const dispatcher = startAlertDispatcher(root.context, {
  pollMs: 50,
  backoffBaseMs: 200,
  backoffMaxMs: 1000,
  leaseMs: Number(process.env.ALERT_TEST_LEASE_MS ?? 20_000),
  timeoutMs: 120_000,
  owner: process.env.ALERT_TEST_OWNER ?? 'dispatcher-process',
});
// The dispatcher's timers are unref'd (they never hold a CSOC process open); this one keeps it running.
const keepAlive = setInterval(() => {}, 3_600_000);
process.stdout.write('dispatcher ready\n');
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void dispatcher.stop().then(() => root.close());
});
