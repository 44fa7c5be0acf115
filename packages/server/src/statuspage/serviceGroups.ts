// Gen3 services grouped the way a researcher sees them: a status page shows "Data access" rather than
// chart names, so it says what is affected without describing the commons' internals.
import type { HealthState } from '../monitor/monitorTables.ts';

const GROUP_OF_SERVICE: Record<string, string> = {
  revproxy: 'Website and portal',
  portal: 'Website and portal',
  fence: 'Sign-in and authorization',
  arborist: 'Sign-in and authorization',
  wts: 'Sign-in and authorization',
  requestor: 'Sign-in and authorization',
  indexd: 'Data access',
  manifestservice: 'Data access',
  audit: 'Data access',
  sheepdog: 'Data submission and query',
  peregrine: 'Data submission and query',
  metadata: 'Data submission and query',
  guppy: 'Data exploration',
  sower: 'Workspaces and jobs',
  hatchery: 'Workspaces and jobs',
};

/** Services not listed above share one group, so a new chart never shows its own name. */
export const OTHER_SERVICES = 'Other services';
/** What a commons-wide incident affects. */
export const ALL_SERVICES = 'All services';

export function serviceGroupOf(service: string): string {
  return GROUP_OF_SERVICE[service] ?? OTHER_SERVICES;
}

const SEVERITY: Record<HealthState, number> = { healthy: 0, unknown: 1, degraded: 2, down: 3 };

/** The worst of some states (down > degraded > unknown > healthy). */
export function worstState(states: readonly HealthState[]): HealthState {
  return states.reduce<HealthState>(
    (worst, state) => (SEVERITY[state] > SEVERITY[worst] ? state : worst),
    'healthy',
  );
}

/** Each group's state from its services' states, groups in a stable order. */
export function groupStates(
  services: readonly { service: string; state: HealthState }[],
): { name: string; state: HealthState }[] {
  const byGroup = new Map<string, HealthState[]>();
  for (const service of services) {
    const group = serviceGroupOf(service.service);
    byGroup.set(group, [...(byGroup.get(group) ?? []), service.state]);
  }
  const order = [...new Set(Object.values(GROUP_OF_SERVICE)), OTHER_SERVICES];
  return [...byGroup.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([name, states]) => ({ name, state: worstState(states) }));
}
