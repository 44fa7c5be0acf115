// A commons may override the drift check interval with a label on its document, so the override is
// versioned, reviewed and audited like the rest of the spec (`csoc commons apply`):
//   metadata: { labels: { csoc.gen3.org/drift-check-interval-minutes: "60" } }   # "0": no scheduled checks

export const DRIFT_INTERVAL_LABEL = 'csoc.gen3.org/drift-check-interval-minutes';

/** Shortest interval a label may ask for: a drift check is a Terraform refresh of the whole commons. */
export const MIN_DRIFT_INTERVAL_MINUTES = 5;

export type DriftInterval =
  | { kind: 'every'; ms: number; fromLabel: boolean }
  | { kind: 'off' }
  | { kind: 'invalid'; ms: number; problem: string };

/** The interval of a commons: its label when valid, else the default (with the label's problem). */
export function driftIntervalOf(labels: Record<string, string>, defaultMs: number): DriftInterval {
  const raw = labels[DRIFT_INTERVAL_LABEL];
  if (raw === undefined) return { kind: 'every', ms: defaultMs, fromLabel: false };
  if (!/^\d{1,6}$/.test(raw.trim()))
    return {
      kind: 'invalid',
      ms: defaultMs,
      problem: `label ${DRIFT_INTERVAL_LABEL} is "${raw}": use whole minutes (at least ${MIN_DRIFT_INTERVAL_MINUTES}), or 0 for no scheduled checks`,
    };
  const minutes = Number(raw.trim());
  if (minutes === 0) return { kind: 'off' };
  if (minutes < MIN_DRIFT_INTERVAL_MINUTES)
    return {
      kind: 'invalid',
      ms: defaultMs,
      problem: `label ${DRIFT_INTERVAL_LABEL} is ${minutes}: use at least ${MIN_DRIFT_INTERVAL_MINUTES} minutes, or 0 for no scheduled checks`,
    };
  return { kind: 'every', ms: minutes * 60_000, fromLabel: true };
}
