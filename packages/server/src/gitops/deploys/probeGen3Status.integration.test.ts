// The live status of a commons on the default setup: the embedded simulator serves the commons endpoints
// on loopback, and its own origin (only it) is exempt from the internal-address refusal, so the sim tour's
// status checks still find every service healthy. Hostnames resolving to internal addresses are refused
// (probeGen3Status.test.ts, against real servers: no DNS here can be pointed at one for a real name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';

const ORG = 'probe-org';
const RELEASE = '2025.06';

describe.each(testDatabaseTargets)('status checks of a commons on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_SIM_SYNC_DELAY_MS: '100' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it("checks the simulated commons' endpoints on loopback (the simulator's own origin) and finds them healthy", async () => {
    const created = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument('alpha', {}, { gen3: { release: RELEASE, hostname: 'alpha.sim.example.org' } }),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs('alpha'),
    });
    const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {});
    expect(deploy.status, deploy.body.error?.message).toBe(201);
    const deadline = Date.now() + 30_000;
    let status;
    for (;;) {
      status = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/status`);
      expect(status.status, status.text).toBe(200);
      if (status.body.argocd?.health === 'Healthy' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(new URL(csoc.context.simArgoCdUrl!).hostname).toBe('127.0.0.1');
    expect(status.body.services.length).toBeGreaterThan(3);
    for (const service of status.body.services)
      expect(service, service.service).toMatchObject({ status: 'healthy', httpStatus: 200 });
    expect(
      status.body.services.find((service: { service: string }) => service.service === 'fence'),
    ).toMatchObject({ path: '/user/_status', version: RELEASE });
  }, 60_000);
});

describe('CSOC_PROBE_ALLOWED_CIDRS', () => {
  it('takes CIDRs and addresses, and stops the start on anything else, naming the setting and the fix', () => {
    const config = loadConfig({ CSOC_PROBE_ALLOWED_CIDRS: '10.20.0.0/16, fd12:3456::/48,192.168.7.9' });
    expect(config.probeAllowedCidrs).toEqual(['10.20.0.0/16', 'fd12:3456::/48', '192.168.7.9']);
    expect(() => loadConfig({ CSOC_PROBE_ALLOWED_CIDRS: '10.20.0.0/33' })).toThrow(
      /CSOC_PROBE_ALLOWED_CIDRS.*prefix length that is not 0-32.*10\.20\.0\.0\/16/s,
    );
    expect(() => loadConfig({ CSOC_PROBE_ALLOWED_CIDRS: 'intranet.example.org' })).toThrow(
      /CSOC_PROBE_ALLOWED_CIDRS.*"intranet\.example\.org" is not an IP address or CIDR/s,
    );
  });
});
