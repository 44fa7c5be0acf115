// `csoc alerts`, the real binary against a real CSOC (SQLite): list the firing alerts, acknowledge one,
// silence a commons for a while and list the silences; bad flags are refused with the fix.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportAlertCondition } from '@csoc/server/testing/reportTestAlert.ts';
import { TEST_ADMIN_EMAIL, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-alerts';

describe('csoc alerts (SQLite)', () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;
  let alertId: string;

  const csoc = (args: string[], input?: string) => fixture.csoc(args, input);

  beforeAll(async () => {
    fixture = await startCliTestFixture({ org: ORG, cliEntry: 'bundle' });
    server = fixture.server;
    const orgId = (await server.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
    const rule = await server.admin.post(`/api/v1/orgs/${ORG}/alerts/rules`, {
      name: 'runs',
      kind: 'run-failed',
    });
    expect(rule.status, rule.text).toBe(201);
    const [outcome] = await reportAlertCondition(server.context.database, {
      orgId,
      kind: 'run-failed',
      commonsId: newId(),
      commonsName: 'alpha',
      firing: true,
      summary: 'The plan run failed: terraform exited 1',
    });
    alertId = outcome!.alertId!;
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('lists firing alerts, acknowledges one, silences a commons and lists the silences', async () => {
    const listed = await csoc(['alerts', ORG, '-o', 'json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: alertId,
        state: 'firing',
        rule: 'runs',
        commons: 'alpha',
        silenced: false,
      }),
    ]);
    const table = await csoc(['alerts', ORG]);
    expect(table.stdout).toMatch(/firing\s+warning\s+runs\s+alpha/);

    const acked = await csoc(['alerts', 'ack', ORG, alertId, '-o', 'json']);
    expect(acked.code, acked.stderr).toBe(0);
    expect(JSON.parse(acked.stdout)).toMatchObject({ id: alertId, acknowledgedBy: TEST_ADMIN_EMAIL });

    const silenced = await csoc([
      'alerts',
      'silence',
      ORG,
      '--commons',
      'alpha',
      '--for',
      '2h',
      '--comment',
      'fixing it',
      '-o',
      'json',
    ]);
    expect(silenced.code, silenced.stderr).toBe(0);
    const silence = JSON.parse(silenced.stdout);
    expect(silence).toMatchObject({
      kind: 'silence',
      active: true,
      matchers: [{ label: 'commons', op: '=', value: 'alpha' }],
    });
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBeGreaterThan(7_100_000);

    const after = await csoc(['alerts', ORG, '-o', 'json']);
    expect(JSON.parse(after.stdout)[0]).toMatchObject({ silenced: true });
    const silences = await csoc(['alerts', 'silences', ORG]);
    expect(silences.stdout).toContain('commons=alpha');
    expect(silences.stdout).toContain('fixing it');
  }, 120_000);

  it('refuses bad flags and says what to give instead', async () => {
    const noDuration = await csoc(['alerts', 'silence', ORG, '--commons', 'alpha', '--comment', 'x']);
    expect(noDuration.code).not.toBe(0);
    expect(noDuration.stderr).toContain('give either --for DURATION or --until TIME');
    const badMatcher = await csoc([
      'alerts',
      'silence',
      ORG,
      '--match',
      'nonsense',
      '--for',
      '1h',
      '--comment',
      'x',
    ]);
    expect(badMatcher.stderr).toContain('--match takes LABEL=VALUE');
    const badState = await csoc(['alerts', ORG, '--state', 'burning']);
    expect(badState.stderr).toContain('--state must be firing, pending, resolved or all');
    // The server's own check, passed through: a silence with nothing to match would silence everything.
    const nothing = await csoc(['alerts', 'silence', ORG, '--for', '1h', '--comment', 'x']);
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('A silence needs at least one matcher');
  }, 120_000);
});
