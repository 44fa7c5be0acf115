// CSOC's own metrics scraped by a real Prometheus (the Debian `prometheus` package, .ci/install-system-packages.sh):
// a CSOC probing a deployed SIMULATED commons on its default task exports the commons' health and probe
// duration on /metrics, and Prometheus' query API returns them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { findFreePort } from '../testing/startThrowawayPostgres.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const ORG = 'prom-org';
const POLL = { timeout: 60_000, interval: 250 };

describe('CSOC metrics scraped by a real Prometheus (SQLite, SIMULATED commons)', () => {
  let csoc: TestCsoc;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let prometheusOutput = '';

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '1', CSOC_SIM_SYNC_DELAY_MS: '100' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const created = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(
        'scraped',
        {},
        { gen3: { release: '2025.06', hostname: 'scraped.sim.example.org' } },
      ),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs('scraped'),
    });
    const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/scraped/deploys`, {});
    expect(deploy.status, deploy.text).toBe(201);

    // Prometheus takes no port 0: a port found free a moment ago.
    const port = await findFreePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-prometheus-'));
    const target = new URL(csoc.url).host;
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: csoc',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (chunk: Buffer) => (prometheusOutput += chunk.toString()));
    prometheus.stderr!.on('data', (chunk: Buffer) => (prometheusOutput += chunk.toString()));
  }, 120_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await csoc?.stop();
  });

  async function query(
    promql: string,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    try {
      const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
      if (!response.ok) return [];
      return ((await response.json()) as { data: { result: any[] } }).data.result;
    } catch {
      return [];
    }
  }

  it('has the health and probe duration of each commons, as Prometheus scraped them', async () => {
    await expect
      .poll(async () => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${prometheusOutput}`);
        return (await query(`csoc_commons_health{org="${ORG}",commons="scraped",state="healthy"}`))[0]
          ?.value[1];
      }, POLL)
      .toBe('1');
    const [duration] = await query(`csoc_commons_probe_duration_seconds{org="${ORG}",commons="scraped"}`);
    expect(Number(duration!.value[1])).toBeGreaterThan(0);
    const [down] = await query(`csoc_commons_health{org="${ORG}",commons="scraped",state="down"}`);
    expect(down!.value[1]).toBe('0');
    const [job] = await query('up{job="csoc"}');
    expect(job!.value[1]).toBe('1');
  }, 90_000);
});
