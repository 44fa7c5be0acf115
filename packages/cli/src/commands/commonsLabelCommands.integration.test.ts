// `csoc commons label` and `csoc commons list -l`, the real binary against a real CSOC (SQLite): an
// operator labels commons, selects them by label, removes a label, and a bad selector is refused with the
// syntax to use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-label-org';

describe('csoc commons label and list -l (SQLite)', () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;

  const csoc = (args: string[], input?: string) => fixture.csoc(args, input);

  async function names(selector: string): Promise<string[]> {
    const list = await csoc(['commons', 'list', '--org', ORG, '-l', selector, '-o', 'json']);
    expect(list.code, list.stderr).toBe(0);
    return (JSON.parse(list.stdout) as { metadata: { name: string } }[])
      .map((item) => item.metadata.name)
      .sort();
  }

  beforeAll(async () => {
    fixture = await startCliTestFixture({
      org: ORG,
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0' },
      simAccount: true,
    });
    server = fixture.server;
    for (const name of ['alpha', 'beta', 'gamma'])
      expect((await server.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name))).status).toBe(
        201,
      );
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('labels commons, selects them by label and removes a label', async () => {
    const label = await csoc(['commons', 'label', `${ORG}/alpha`, 'env=prod', 'tier=large']);
    expect(label.code, label.stderr).toBe(0);
    expect(label.stdout).toContain('env=prod,tier=large');
    expect((await csoc(['commons', 'label', `${ORG}/beta`, 'env=prod', 'tier=small'])).code).toBe(0);
    expect((await csoc(['commons', 'label', `${ORG}/gamma`, 'env=dev'])).code).toBe(0);

    expect(await names('env=prod,tier=large')).toEqual(['alpha']);
    expect(await names('env=prod')).toEqual(['alpha', 'beta']);
    expect(await names('env!=prod')).toEqual(['gamma']);
    expect(await names('tier in (large,small)')).toEqual(['alpha', 'beta']);

    const removed = await csoc(['commons', 'label', `${ORG}/beta`, 'tier-']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await names('!tier')).toEqual(['beta', 'gamma']);
    const revision = await csoc(['commons', 'get', `${ORG}/beta`, '-o', 'json']);
    expect(JSON.parse(revision.stdout).status.revision).toBe(1);
  });

  it('refuses a bad selector or label with the fix', async () => {
    const selector = await csoc(['commons', 'list', '--org', ORG, '-l', 'env in (prod']);
    expect(selector.code).not.toBe(0);
    expect(selector.stderr).toContain('unclosed "("');
    const badLabel = await csoc(['commons', 'label', `${ORG}/alpha`, 'bad key=x']);
    expect(badLabel.code).not.toBe(0);
    expect(badLabel.stderr).toContain('labels');
    const usage = await csoc(['commons', 'label', `${ORG}/alpha`, 'nonsense']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('KEY=VALUE');
  });
});
