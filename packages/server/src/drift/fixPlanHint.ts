// What a drift alert tells a person to do: the plan that brings the infrastructure back to the commons'
// spec, as the CLI command and the API route that start it (then approve it like any plan).

export interface FixPlanHint {
  command: string;
  route: string;
  text: string;
}

export function fixPlanHint(orgSlug: string, commonsName: string): FixPlanHint {
  const command = `csoc plan ${orgSlug}/${commonsName}`;
  const route = `POST /api/v1/orgs/${orgSlug}/commons/${commonsName}/runs {"kind":"plan"}`;
  return { command, route, text: `Fix it with a plan: ${command} (${route}), then approve it.` };
}
