// For tests of other packages (the CLI, the portal): raise an alert through the alert engine's real input,
// as a source would (alerts/alertEngine.ts), without reaching into the server's internals.
export { reportAlertCondition, type AlertSignal } from '../alerts/alertEngine.ts';
