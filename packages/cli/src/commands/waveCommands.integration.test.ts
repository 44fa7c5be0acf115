// `csoc waves`, the real binary against a real CSOC (SQLite, SIMULATED Argo CD): an operator starts a wave
// over labelled commons, follows it to completion, lists it, and a pause of a finished wave is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSimInfrastructure } from '@csoc/server/testing/recordSimInfrastructure.ts';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-wave-org';

describe('csoc waves (SQLite, SIMULATED Argo CD)', { timeout: 240_000 }, () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;

  const csoc = (args: string[], input?: string) => fixture.csoc(args, input);

  beforeAll(async () => {
    fixture = await startCliTestFixture({
      org: ORG,
      env: {
        CSOC_PROBE_INTERVAL_SECONDS: '0',
        CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
        CSOC_SIM_SYNC_DELAY_MS: '100',
      },
      simAccount: true,
    });
    server = fixture.server;
    for (const name of ['alpha', 'beta']) {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await server.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { name, labels: { ring: 'one' } },
      });
      expect(created.status, created.text).toBe(201);
      await recordSimInfrastructure(server, created.body.id, name);
    }
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('starts a wave over labelled commons and follows it to completion', async () => {
    const created = await csoc([
      'waves',
      'create',
      `${ORG}/ring-one`,
      '-l',
      'ring=one',
      '--to',
      '2025.07',
      '--canary',
      'alpha',
      '--soak',
      '0',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('ring-one');

    const followed = await csoc(['waves', 'get', `${ORG}/ring-one`, '--follow']);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/completed stage/);
    expect(followed.stdout).toMatch(/alpha\s+0\s+done\s+2025\.07/);
    expect(followed.stdout).toMatch(/beta\s+1\s+done\s+2025\.07/);

    const list = await csoc(['waves', 'list', '--org', ORG, '-o', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'ring-one', state: 'completed' }),
    ]);
    const pause = await csoc(['waves', 'pause', `${ORG}/ring-one`]);
    expect(pause.code).not.toBe(0);
    expect(pause.stderr).toContain('is completed');
  });
});
