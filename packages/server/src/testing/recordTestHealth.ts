// For tests of other packages (the CLI, the portal): record a probe round of a commons through the monitor's
// real store (monitor/healthStore.ts), as the prober would, without reaching into the server's internals.
export { findCommonsHealth, recordProbedCommons } from '../monitor/healthStore.ts';
