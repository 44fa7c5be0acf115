// `csoc orgs settings`, the real binary against a real CSOC (SQLite): it shows the org's settings and, for
// an admin, turns the second-approver rule for prod on; a viewer's change is refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-settings-org';

describe('csoc orgs settings (SQLite)', { timeout: 180_000 }, () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;

  const csoc = (args: string[]) => fixture.csoc(args);

  beforeAll(async () => {
    fixture = await startCliTestFixture({ org: ORG });
    server = fixture.server;
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('shows the defaults, and an admin requires a second approver for prod', async () => {
    const shown = await csoc(['orgs', 'settings', '--org', ORG, '-o', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ requireSecondApproverForProd: false, version: 0 });

    const changed = await csoc([
      'orgs',
      'settings',
      '--org',
      ORG,
      '--require-second-approver-for-prod',
      'true',
    ]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('second approver for prod');
    expect(changed.stdout).toContain('true');
    const stored = await server.admin.get(`/api/v1/orgs/${ORG}/settings`);
    expect(stored.body).toMatchObject({ requireSecondApproverForProd: true, updatedBy: 'admin@example.org' });

    const invalid = await csoc([
      'orgs',
      'settings',
      '--org',
      ORG,
      '--require-second-approver-for-prod',
      'yes',
    ]);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('must be one of true, false');
  });

  it("refuses a viewer's change and leaves the setting as it was", async () => {
    await createSignedInUser(server, 'settings-viewer@example.org', ORG, 'viewer');
    const before = (await server.admin.get(`/api/v1/orgs/${ORG}/settings`)).body;
    // The binary signs in as the viewer (the last test: the admin's context is not needed after it).
    const login = await fixture.csoc(
      ['login', '--server', server.url, '--email', 'settings-viewer@example.org', '--context', 'viewer'],
      `${TEST_USER_PASSWORD}\n`,
    );
    expect(login.code, login.stderr).toBe(0);

    const refused = await csoc([
      'orgs',
      'settings',
      '--org',
      ORG,
      '--require-second-approver-for-prod',
      String(!before.requireSecondApproverForProd),
    ]);

    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/admin/);
    expect((await server.admin.get(`/api/v1/orgs/${ORG}/settings`)).body).toEqual(before);
  });
});
