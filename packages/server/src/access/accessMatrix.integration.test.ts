// Walks every route × every role × a foreign org and asserts the policy holds: allowed roles pass the
// gate, lower roles get 403, outsiders get 404 for another org's resources (never 403), tokens never
// exceed their scope nor touch the account itself (password, sessions). Also: every route declares a
// known action, every non-public route answers 401 without credentials, and every mutating request
// writes exactly one audit event.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../testing/ApiClient.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, createTokenClient, ensureOrg } from '../testing/testUsers.ts';
import { isKnownAction, ORG_ROLES, type OrgRole, policy, roleAtLeast } from '@csoc/common/access';

const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/v1/openapi.json',
  'POST /api/v1/session',
  'POST /api/v1/invitations/accept',
  'GET /api/v1/session/oidc/login',
  'GET /api/v1/session/oidc/callback',
  'GET /api/v1/session/oidc/config',
  // The portal (built web app) and its client-side routes.
  'GET /',
  'GET /*',
  // Terraform's http state backend: its own run-scoped credentials, never a user's.
  'GET /api/v1/state/:runId',
  'POST /api/v1/state/:runId',
  'LOCK /api/v1/state/:runId',
  'UNLOCK /api/v1/state/:runId',
  'POST /api/v1/state/:runId/lock',
  'POST /api/v1/state/:runId/unlock',
  // Git smart HTTP of an org's GitOps repository (read-only): the org's GitOps read token, never a user's.
  'GET /git/:org/gitops.git/info/refs',
  'POST /git/:org/gitops.git/git-upload-pack',
  // OTLP/HTTP from a commons' telemetry agent: the commons' ingest credential, never a user's.
  'POST /otlp/v1/metrics',
  'POST /otlp/v1/traces',
  'POST /otlp/v1/logs',
  // Public status pages of commons that opted in (statuspage/): 404 for every other commons.
  'GET /status/:org/:commons',
  'GET /status/:org/:commons/feed.atom',
  'GET /api/v1/status/:org/:commons',
  // csoc-agent's own calls (agents/): its one-use join token, then requests signed with its key.
  'POST /api/v1/agent/enrol',
  'POST /api/v1/agent/credential',
  // Another API replica forwarding an agent request (ADR 0079): a signature only replicas can make.
  'POST /internal/v1/agent-requests',
]);

/** Fills path parameters: the org under test, otherwise an id or name that does not exist. */
function concretePath(url: string, org: string): string {
  return url
    .replace(':org', org)
    .replace(/:([A-Za-z]+Id)\b/g, () => newId())
    .replace(/:([A-Za-z]+)\b/g, 'no-such-thing');
}

function isGateDenial(response: ApiResponse<any>): boolean {
  const code = response.body?.error?.code;
  return (
    response.status === 401 ||
    (response.status === 403 &&
      ['forbidden_role', 'forbidden_platform', 'forbidden_token', 'csrf_token_missing'].includes(code)) ||
    (response.status === 404 && code === 'org_not_found')
  );
}

describe.each(testDatabaseTargets)('access control on $dialect', (target) => {
  let csoc: TestCsoc;
  const members = new Map<OrgRole, ApiClient>();
  const tokens = new Map<OrgRole, ApiClient>();
  let outsider: ApiClient;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'home-org');
    await ensureOrg(csoc, 'foreign-org');
    for (const role of ORG_ROLES)
      members.set(role, await createSignedInUser(csoc, `${role}@home.example`, 'home-org', role));
    for (const role of ORG_ROLES)
      tokens.set(role, await createTokenClient(csoc, members.get(role)!, 'home-org', role));
    outsider = await createSignedInUser(csoc, 'owner@foreign.example', 'foreign-org', 'owner');
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  const routes = () => csoc.app.routeTable.filter((route) => !route.url.startsWith('/api/docs'));

  it('every route declares an action the policy knows', () => {
    expect(routes().length).toBeGreaterThan(20);
    for (const route of routes()) {
      expect(route.action, `${route.method} ${route.url} declares no action`).toBeDefined();
      expect(
        isKnownAction(route.action!),
        `${route.method} ${route.url}: unknown action ${route.action}`,
      ).toBe(true);
    }
  });

  it('every route outside the documented public list answers 401 without credentials', async () => {
    const anonymous = csoc.anonymous();
    for (const route of routes()) {
      const key = `${route.method} ${route.url}`;
      const response = await anonymous.request(
        route.method,
        concretePath(route.url, 'home-org'),
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      );
      if (PUBLIC_ROUTES.has(key)) {
        expect(policy[route.action as keyof typeof policy].scope, key).toMatch(/public/);
        continue;
      }
      expect(response.status, `${key} without credentials`).toBe(401);
    }
  });

  it('allows each role exactly what the policy grants, in its own org, by session and by token', async () => {
    for (const route of routes()) {
      const rule = policy[route.action as keyof typeof policy];
      // Signing out would end the very sessions this loop uses; sign-out is covered elsewhere.
      if (rule.scope === 'public' || `${route.method} ${route.url}` === 'DELETE /api/v1/session') continue;
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const [role, client] of [
        ...members,
        ...[...tokens].map(([role, client]) => [role, client] as const),
      ]) {
        const isToken = [...tokens.values()].includes(client);
        const response = await client.request(route.method, concretePath(route.url, 'home-org'), body);
        const key = `${route.method} ${route.url} as ${role}${isToken ? ' token' : ''}`;
        const allowed =
          rule.scope === 'self' ||
          (rule.scope === 'session' && !isToken) ||
          (rule.scope === 'org' && roleAtLeast(role, rule.minRole));
        if (allowed)
          expect(
            isGateDenial(response),
            `${key} should pass the gate: ${response.status} ${response.text}`,
          ).toBe(false);
        else {
          expect(response.status, `${key} should be refused: ${response.text}`).toBe(403);
          expect(isGateDenial(response), key).toBe(true);
        }
      }
    }
  }, 120_000);

  it("answers 404, never 403, for another org's resources, and leaks nothing", async () => {
    const homeClients = [
      ...[...members].map(([role, client]) => [role, client] as const),
      ...[...tokens].map(([role, client]) => [`${role} token`, client] as const),
    ];
    for (const route of routes()) {
      const rule = policy[route.action as keyof typeof policy];
      if (rule.scope !== 'org') continue;
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const [who, client] of homeClients) {
        const response = await client.request(route.method, concretePath(route.url, 'foreign-org'), body);
        expect(
          response.status,
          `${route.method} ${route.url} on foreign org as home ${who}: ${response.text}`,
        ).toBe(404);
        expect(response.body.error.code).toBe('org_not_found');
        expect(response.text).not.toContain('foreign-org"');
      }
      // A nonexistent org looks exactly like a foreign one.
      const missing = await outsider.request(route.method, concretePath(route.url, 'missing-org'), body);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('org_not_found');
    }
    const listed = await members.get('owner')!.get('/api/v1/orgs');
    expect(listed.body.items.map((org: any) => org.slug)).toEqual(['home-org']);
  }, 120_000);

  it('never lets a token reach platform administration', async () => {
    for (const route of routes()) {
      if (policy[route.action as keyof typeof policy].scope !== 'platform') continue;
      const response = await tokens
        .get('owner')!
        .request(route.method, concretePath(route.url, 'home-org'), route.method === 'GET' ? undefined : {});
      expect(response.status, `${route.method} ${route.url}`).toBe(403);
    }
  });

  it('writes exactly one audit event for every mutating request, allowed or refused', async () => {
    // Sign-out goes last: it ends the session the other requests use.
    const mutating = routes()
      .filter(
        (route) =>
          ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) &&
          !PUBLIC_ROUTES.has(`${route.method} ${route.url}`),
      )
      .sort((a, b) => Number(a.url === '/api/v1/session') - Number(b.url === '/api/v1/session'));
    expect(mutating.length).toBeGreaterThan(10);
    const countEvents = async () => {
      const exported = await csoc.admin.get('/api/v1/audit/export');
      return exported.text.split('\n').filter(Boolean).length;
    };
    for (const route of mutating) {
      for (const client of [members.get('owner')!, members.get('viewer')!]) {
        const before = await countEvents();
        const response = await client.request(
          route.method,
          concretePath(route.url, 'home-org'),
          route.method === 'DELETE' ? undefined : {},
        );
        expect(response.status, `${route.method} ${route.url}: ${response.text}`).not.toBe(401);
        // The export itself is an audited sensitive read: one event for it, one for the request.
        expect(await countEvents(), `${route.method} ${route.url}`).toBe(before + 2);
      }
    }
  }, 120_000);
});
