import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/loadConfig.ts';
import { claimAt, desiredAccess, parseRoleMapping, RoleMappingError } from './roleMapping.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RoleMappingError || error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const keycloakClaims = {
  sub: 'f1e2',
  realm_access: { roles: ['offline_access', 'acme-admins', 'globex-viewers'] },
  resource_access: { csoc: { roles: ['csoc-admins'] } },
  groups: ['/acme/operators', '/globex'],
  'https://example.org/teams': ['blue'],
};

describe('parseRoleMapping', () => {
  it('reads JSON and YAML alike', () => {
    const json = parseRoleMapping(
      '{"claim": "realm_access.roles", "rules": [{"value": "acme-admins", "org": "acme", "role": "admin"}], "platformAdminValues": ["csoc-admins"]}',
    );
    const yaml = parseRoleMapping(
      'claim: realm_access.roles\nrules:\n  - {value: acme-admins, org: acme, role: admin}\nplatformAdminValues: [csoc-admins]\n',
    );
    expect(yaml).toEqual(json);
    expect(json).toEqual({
      claims: ['realm_access.roles'],
      rules: [{ value: 'acme-admins', org: 'acme', role: 'admin' }],
      platformAdminValues: ['csoc-admins'],
    });
  });

  it('refuses values and claim paths with spaces at either end, which no claim value would match', () => {
    const problems = problemsOf(() =>
      parseRoleMapping(
        JSON.stringify({
          claim: ['groups ', 'realm_access.roles'],
          rules: [
            { value: 'acme-admins ', org: 'acme', role: 'admin' },
            { value: 'ops', org: 'acme', role: 'operator', claim: ' groups' },
          ],
          platformAdminValues: ['csoc-admins', '\tcsoc-root'],
        }),
      ),
    );
    expect(problems).toEqual([
      'claim: "groups " has spaces at the start or end; remove them (claim names never have them)',
      'rules[0].value: "acme-admins " has spaces at the start or end; remove them (claim values are matched exactly)',
      'rules[1].claim: " groups" has spaces at the start or end; remove them (claim names never have them)',
      'platformAdminValues[1]: "\\tcsoc-root" has spaces at the start or end; remove them (claim values are matched exactly)',
    ]);
  });

  it('treats an empty setting as a mapping that grants nothing', () => {
    expect(parseRoleMapping(undefined).rules).toEqual([]);
    expect(parseRoleMapping('  ').platformAdminValues).toEqual([]);
  });

  it('names every bad key and says what it must be', () => {
    const problems = problemsOf(() =>
      parseRoleMapping(
        JSON.stringify({
          claims: 'groups',
          rules: [
            { value: 'ok', org: 'acme', role: 'viewer' },
            { value: '', org: 'Not A Slug', role: 'superuser', colour: 'red' },
          ],
          platformAdminValues: 'csoc-admins',
        }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unknown key "claims"/),
        expect.stringMatching(/^claim: is required/),
        expect.stringMatching(/^rules\[1\]: unknown key "colour"/),
        expect.stringMatching(/^rules\[1\]\.value: is required/),
        expect.stringMatching(/^rules\[1\]\.org: "Not A Slug" is not an organization slug/),
        expect.stringMatching(/^rules\[1\]\.role: "superuser" is not one of viewer, operator, admin, owner/),
        expect.stringMatching(/^platformAdminValues: must be a list/),
      ]),
    );
    expect(problems.some((problem) => problem.startsWith('rules[0]'))).toBe(false);
    expect(problemsOf(() => parseRoleMapping('{claim: [unclosed'))[0]).toMatch(/not valid JSON or YAML/);
    expect(problemsOf(() => parseRoleMapping('- just a list'))[0]).toMatch(/must be a mapping/);
  });
});

describe('desiredAccess', () => {
  it('maps Keycloak realm roles, group paths and client roles, taking the highest role per org', () => {
    const mapping = parseRoleMapping(`
claim: [realm_access.roles, groups]
rules:
  - {value: acme-admins, org: acme, role: admin}
  - {value: /acme/operators, org: acme, role: operator}
  - {value: globex-viewers, org: globex, role: viewer}
  - {value: /globex, org: globex, role: operator}
  - {value: /initech, org: initech, role: owner}
platformAdminValues: [csoc-admins]
`);
    const access = desiredAccess(mapping, keycloakClaims);
    expect(Object.fromEntries(access.memberships)).toEqual({ acme: 'admin', globex: 'operator' });
    expect(access.platformAdmin).toBe(false);

    const clientRoles = parseRoleMapping(
      '{claim: resource_access.csoc.roles, rules: [{value: /acme/operators, org: acme, role: viewer, claim: groups}], platformAdminValues: [csoc-admins]}',
    );
    const viaClientRoles = desiredAccess(clientRoles, keycloakClaims);
    expect(viaClientRoles.platformAdmin).toBe(true);
    expect(Object.fromEntries(viaClientRoles.memberships)).toEqual({ acme: 'viewer' });
  });

  it('grants nothing when the claim is missing or not strings', () => {
    const mapping = parseRoleMapping('{claim: groups, rules: [{value: "1", org: acme, role: admin}]}');
    expect(desiredAccess(mapping, { sub: 'x' }).memberships.size).toBe(0);
    expect(desiredAccess(mapping, { groups: [1, { a: 1 }] }).memberships.size).toBe(0);
    expect(desiredAccess(mapping, { groups: '1' }).memberships.get('acme')).toBe('admin');
  });

  it('finds namespaced claims whose names contain dots', () => {
    expect(claimAt(keycloakClaims, 'https://example.org/teams')).toEqual(['blue']);
    expect(claimAt(keycloakClaims, 'resource_access.csoc.roles')).toEqual(['csoc-admins']);
    expect(claimAt(keycloakClaims, 'realm_access.missing')).toBeUndefined();
  });
});

describe('single sign-on settings at start', () => {
  it('stops on a bad CSOC_OIDC_ROLE_MAPPING, naming the key and the bad entry', () => {
    const problems = problemsOf(() =>
      loadConfig({
        CSOC_OIDC_ISSUER: 'https://keycloak.example.org/realms/gen3',
        CSOC_OIDC_CLIENT_ID: 'csoc',
        CSOC_OIDC_ROLE_MAPPING: '{claim: groups, rules: [{value: admins, org: acme, role: god}]}',
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^CSOC_OIDC_ROLE_MAPPING = .*rules\[0\]\.role: "god" is not one of .*Fix: see docs\/identity\.md/,
    );
  });

  it('refuses SSO-only mode without an issuer and client id', () => {
    const problems = problemsOf(() => loadConfig({ CSOC_SSO_ONLY: 'true' }));
    expect(problems).toEqual([
      expect.stringMatching(/CSOC_SSO_ONLY is true .* set CSOC_OIDC_ISSUER and CSOC_OIDC_CLIENT_ID/),
    ]);
    expect(problemsOf(() => loadConfig({ CSOC_OIDC_ISSUER: 'https://idp.example.org' }))).toEqual([
      expect.stringMatching(/CSOC_OIDC_ISSUER is set without CSOC_OIDC_CLIENT_ID/),
    ]);
    expect(problemsOf(() => loadConfig({ CSOC_OIDC_SCOPES: 'email profile' }))[0]).toMatch(
      /does not include openid/,
    );
    const config = loadConfig({
      CSOC_SSO_ONLY: 'true',
      CSOC_OIDC_ISSUER: 'https://idp.example.org/',
      CSOC_OIDC_CLIENT_ID: 'csoc',
    });
    expect(config.ssoOnly).toBe(true);
  });
});
