// CSOC as separate hosts (issue 16): network namespaces hold a PostgreSQL host, two API hosts and two worker
// hosts (the same deployment the multi-host integration test drives, through testing/netnsCsoc.ts), and this
// process, in the root namespace, is the client. Prints (`npm run bench -- multihost`, needs root and
// `ip netns`):
// 1. sim plan+apply runs per minute with 1 and with 2 worker hosts (one API host), and the ratio;
// 2. authenticated org-list requests per second through 1 and through 2 API hosts, and the ratio;
// 3. recovery after kill -9 of the worker holding an apply: the time until the run is reclaimed (errored)
//    and until the other worker has applied its successor (the operator's re-plan and approval, sent as
//    soon as the run ends), at the integration test's lease (3 s) and at the default (30 s).
// Every host shares this machine's cores: the ratios show contention, not scale-out (bench/README.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateMasterKey } from '@csoc/server/internal/credentials/masterKeyring.ts';
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import {
  apiHostUrl,
  startApiHost,
  startPostgresHost,
  startWorkerHost,
  type CsocHostSettings,
} from '@csoc/server/testing/netnsCsoc.ts';
import {
  createNetnsLab,
  netnsUnavailableReason,
  type HostProcess,
  type NetnsLab,
} from '@csoc/server/testing/netnsHosts.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { load, printTable, round, type LoadResult } from './benchKit.ts';

/** Runs per configuration of the throughput figure (enough for a stable figure in a few minutes here). */
const RUNS = Number(process.env.CSOC_BENCH_MULTIHOST_RUNS ?? 30);
/** Parallel runs each worker host executes (CSOC_WORKER_CONCURRENCY), the same on every host. */
const CONCURRENCY = 2;
/** The lease of the multi-host integration test; the product's default is 30 s (CSOC_RUN_LEASE_SECONDS). */
const TEST_LEASE_SECONDS = 3;
const DEFAULT_LEASE_SECONDS = 30;
/**
 * Each simulated resource of the killed apply takes this long: long enough to kill it mid-apply (the sim
 * module's dependency chain makes an apply several resources deep), short enough that the successor's
 * apply (which creates again what the kill interrupted) does not drown the recovery itself.
 */
const KILLED_APPLY_RESOURCE_SECONDS = 2;
const LOAD_SECONDS = 10;
const ORG = 'bench-multihost';
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];

export async function benchMultiHost(): Promise<void> {
  const unavailable = netnsUnavailableReason();
  if (unavailable) {
    console.log(`\n## Multi-host: skipped — it needs root and \`ip netns\` (${unavailable})`);
    return;
  }
  // The machine is shared: the load before (others' work) and after (with this benchmark's) says how far
  // the figures can be trusted.
  console.log(`load average (1, 5, 15 min) before the multi-host runs: ${loadAverage()}`);
  const lab = createNetnsLab(5);
  const [pgHost, ...rest] = lab.hosts;
  const apiHosts = rest.slice(0, 2);
  const workerHosts = rest.slice(2, 4);
  const directories: string[] = [];
  let database: pg.Client | undefined;
  try {
    const postgresHost = await startPostgresHost(lab, pgHost!, 'csoc-bench-multihost');
    directories.push(postgresHost.directory);
    const masterKey = generateMasterKey().key.toString('base64');
    const settings = (leaseSeconds?: number): CsocHostSettings => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-multihost-'));
      directories.push(dataDir);
      return { databaseUrl: postgresHost.databaseUrl, masterKey, leaseSeconds, dataDir };
    };
    // The first API migrates the database; the second starts against it.
    await startApiHost(lab, apiHosts[0]!, settings());
    await startApiHost(lab, apiHosts[1]!, settings());
    const api = new ApiClient(apiHostUrl(apiHosts[0]!));
    await api.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await expectStatus(api.post('/api/v1/orgs', { slug: ORG, name: 'Bench multi-host' }), 201);
    await createSimAccount(api, ORG);
    database = new pg.Client({ connectionString: postgresHost.databaseUrl });
    await database.connect();

    const workers = new WorkerHosts(lab, workerHosts, settings, apiHostUrl(apiHosts[0]!));
    await measureApiThroughput(api, apiHosts.map(apiHostUrl));
    await measureRunThroughput(api, workers);
    await measureRecovery(api, workers, database);
    await workers.stopAll();
    console.log(`load average (1, 5, 15 min) after the multi-host runs: ${loadAverage()}`);
  } finally {
    await database?.end().catch(() => {});
    await lab.teardown();
    for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** The worker hosts of the lab: started with a lease, waited for until they claim, stopped. */
class WorkerHosts {
  private running: (HostProcess | undefined)[];

  constructor(
    private readonly lab: NetnsLab,
    private readonly hosts: NetnsLab['hosts'],
    private readonly settings: (leaseSeconds?: number) => CsocHostSettings,
    private readonly apiUrl: string,
  ) {
    this.running = hosts.map(() => undefined);
  }

  /** Starts workers 0..count-1 (the default lease when none is given) and waits until each polls the queue. */
  async start(count: number, leaseSeconds?: number): Promise<void> {
    for (let index = 0; index < count; index++) {
      const started = startWorkerHost(this.lab, this.hosts[index]!, {
        ...this.settings(leaseSeconds),
        apiUrl: this.apiUrl,
        concurrency: CONCURRENCY,
        // Info level, for the line that says the worker polls the queue.
        env: { CSOC_LOG_LEVEL: 'info' },
      });
      this.running[index] = started;
      await waitFor(
        `worker ${index} to start`,
        () => {
          if (started.process.exitCode !== null)
            throw new Error(`worker ${index} exited:\n${started.output()}`);
          return started.output().includes('run worker started');
        },
        180_000,
        250,
      );
    }
  }

  /** The index of the worker whose process id is `pid`. */
  indexOf(pid: number): number {
    return this.running.findIndex((worker) => worker?.process.pid === pid);
  }

  async kill(index: number): Promise<void> {
    await this.running[index]?.kill('SIGKILL');
    this.running[index] = undefined;
  }

  /** Stops every worker the way an operator does (SIGTERM: in-flight plans go back to the queue). */
  async stopAll(): Promise<void> {
    await Promise.all(this.running.map((worker) => worker?.kill('SIGTERM')));
    this.running = this.running.map(() => undefined);
  }
}

async function measureApiThroughput(api: ApiClient, apiUrls: string[]): Promise<void> {
  for (let index = 0; index < 49; index++)
    await expectStatus(
      api.post('/api/v1/orgs', { slug: `list-org-${index}`, name: `List org ${index}` }),
      201,
    );
  const page = await api.get('/api/v1/orgs?limit=50');
  if (page.body.items?.length !== 50) throw new Error(`expected 50 orgs, got ${page.text}`);
  // Sessions live in the database: the admin's cookie is good on either API host.
  const headers = { cookie: sessionCookie(api) };
  const path = '/api/v1/orgs?limit=50';
  // The same client either way (two load generators of 10 connections each, in this process): one API host
  // gets both, or each API host gets one.
  const oneHost = sum(
    await Promise.all([0, 1].map(() => load(`${apiUrls[0]}${path}`, loadOptions(headers)))),
  );
  const twoHosts = sum(await Promise.all(apiUrls.map((url) => load(`${url}${path}`, loadOptions(headers)))));
  printTable(
    `Multi-host: GET ${path} (session), 2 × 10 connections for ${LOAD_SECONDS} s, PostgreSQL on its own host`,
    [
      { 'API hosts': 1, 'req/s': round(oneHost.requestsPerSecond), errors: oneHost.errors + oneHost.non2xx },
      {
        'API hosts': 2,
        'req/s': round(twoHosts.requestsPerSecond),
        errors: twoHosts.errors + twoHosts.non2xx,
      },
    ],
  );
  console.log(
    `ratio 2 API hosts / 1 API host: ${round(twoHosts.requestsPerSecond / oneHost.requestsPerSecond, 3)}`,
  );
}

const loadOptions = (headers: Record<string, string>) => ({
  headers,
  seconds: LOAD_SECONDS,
  connections: 10,
});

function sum(results: LoadResult[]): LoadResult {
  return results.reduce((total, result) => ({
    requestsPerSecond: total.requestsPerSecond + result.requestsPerSecond,
    p50Ms: Math.max(total.p50Ms, result.p50Ms),
    p99Ms: Math.max(total.p99Ms, result.p99Ms),
    errors: total.errors + result.errors,
    non2xx: total.non2xx + result.non2xx,
  }));
}

async function measureRunThroughput(api: ApiClient, workers: WorkerHosts): Promise<void> {
  const rows = [];
  const perMinute: number[] = [];
  for (const count of [1, 2]) {
    await workers.start(count);
    // One run first, not counted: the first plugin start after a worker starts reads cold files.
    await planAndApply(api, `warm-${count}`, 0);
    const names = Array.from({ length: RUNS }, (_, index) => `fleet-${count}-${index}`);
    for (const name of names)
      await expectStatus(api.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name)), 201);
    const started = Date.now();
    const ended = await Promise.all(names.map((name) => planAndApply(api, name, 0, 500)));
    // The runs' own end times, not when the poll saw them.
    const minutes = (Math.max(...ended.map((run) => Date.parse(run.finishedAt))) - started) / 60_000;
    const succeeded = ended.filter((run) => run.state === 'succeeded').length;
    perMinute.push(succeeded / minutes);
    rows.push({
      'worker hosts': count,
      'parallel runs (hosts × concurrency)': count * CONCURRENCY,
      succeeded: `${succeeded}/${RUNS}`,
      minutes: round(minutes),
      'runs (plan+apply) per minute': round(succeeded / minutes),
    });
    await workers.stopAll();
  }
  printTable(
    `Multi-host: ${RUNS} sim plan+apply runs at once, one API host, PostgreSQL on its own host`,
    rows,
  );
  console.log(`ratio 2 worker hosts / 1 worker host: ${round(perMinute[1]! / perMinute[0]!, 3)}`);
}

/** Plans a run of commons `name` (created first unless it exists), approves it, waits for its end. */
async function planAndApply(
  api: ApiClient,
  name: string,
  resourceDelaySeconds: number,
  pollMs = 200,
): Promise<any> {
  const exists = (await api.get(`/api/v1/orgs/${ORG}/commons/${name}`)).status === 200;
  if (!exists)
    await expectStatus(
      api.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument(name, { simulation: { resourceDelaySeconds } }),
      ),
      201,
    );
  const runId = (await expectStatus(api.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, {}), 201)).body
    .id as string;
  const planned = await waitForRun(api, runId, ['planned'], pollMs);
  if (planned.state !== 'planned') return planned;
  await expectStatus(api.post(`/api/v1/orgs/${ORG}/runs/${runId}/approve`), 200);
  return waitForRun(api, runId, [], pollMs);
}

async function measureRecovery(api: ApiClient, workers: WorkerHosts, database: pg.Client): Promise<void> {
  const rows = [];
  // The same document planned and applied without a kill: what the successor's plan+apply costs anyway.
  await workers.start(2);
  const baselineStarted = Date.now();
  const baseline = await planAndApply(api, 'uninterrupted-apply', KILLED_APPLY_RESOURCE_SECONDS);
  const baselineSeconds = round((Date.now() - baselineStarted) / 1000);
  if (baseline.state !== 'succeeded') throw new Error(`the uninterrupted run ended ${baseline.state}`);
  await workers.stopAll();
  for (const leaseSeconds of [TEST_LEASE_SECONDS, DEFAULT_LEASE_SECONDS]) {
    await workers.start(2, leaseSeconds === DEFAULT_LEASE_SECONDS ? undefined : leaseSeconds);
    const name = `killed-apply-${leaseSeconds}`;
    await expectStatus(
      api.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument(name, { simulation: { resourceDelaySeconds: KILLED_APPLY_RESOURCE_SECONDS } }),
      ),
      201,
    );
    const runId = (await expectStatus(api.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, {}), 201)).body
      .id as string;
    const planned = await waitForRun(api, runId, ['planned']);
    if (planned.state !== 'planned')
      throw new Error(`the plan to kill ended ${planned.state}: ${planned.message}`);
    await expectStatus(api.post(`/api/v1/orgs/${ORG}/runs/${runId}/approve`), 200);
    // Terraform is creating resources: the apply has begun.
    await waitFor(
      'the apply to create resources',
      async () => {
        const records = (await api.get(`/api/v1/orgs/${ORG}/runs/${runId}/output?limit=5000`)).body
          .items as any[];
        const applyAt = records.find(
          (record) =>
            record.kind === 'state' && String(record.data?.message ?? '').startsWith('apply with plugin'),
        )?.seq;
        return (
          applyAt !== undefined &&
          records.some((record) => record.seq > applyAt && record.data?.type === 'resource')
        );
      },
      180_000,
      100,
    );
    // The lease owner is `<hostname>:<pid>:<suffix>`; `ip netns exec` execs the worker, so the pid is its own.
    const owner = (await database.query('select lease_owner from runs where id = $1', [runId])).rows[0]
      ?.lease_owner as string | null;
    const holder = workers.indexOf(Number(owner?.split(':')[1]));
    if (holder < 0) throw new Error(`no worker host holds run ${runId} (lease owner ${owner})`);
    await workers.kill(holder);
    const killedAt = Date.now();
    const ended = await waitForRun(api, runId, []);
    const endedAt = Date.now();
    // What the product does with an apply whose worker died: it ends the run errored (never re-applies
    // blindly) and the operator plans again and approves; the surviving worker is the only one left.
    const successor = await planAndApply(api, name, KILLED_APPLY_RESOURCE_SECONDS);
    const recoveredAt = Date.now();
    rows.push({
      'lease s': leaseSeconds,
      'killed run ended': ended.state,
      'kill → run ended s': round((endedAt - killedAt) / 1000),
      successor: successor.state,
      'kill → successor applied s': round((recoveredAt - killedAt) / 1000),
      'successor plan+apply s': round((recoveredAt - endedAt) / 1000),
    });
    await workers.stopAll();
  }
  printTable(
    `Multi-host: kill -9 of the worker holding an apply (2 worker hosts; resources take ${KILLED_APPLY_RESOURCE_SECONDS} s each)`,
    rows,
  );
  console.log(`the same document planned and applied without a kill (2 worker hosts): ${baselineSeconds} s`);
}

/** Polls every `pollMs` (the fleet polls less often: its polls would load the 2 cores it measures). */
async function waitForRun(api: ApiClient, runId: string, states: string[], pollMs = 200): Promise<any> {
  return waitFor(
    `run ${runId} to reach ${states.join('/') || 'its end'}`,
    async () => {
      const run = (await api.get(`/api/v1/orgs/${ORG}/runs/${runId}`)).body;
      return states.includes(run.state) || TERMINAL.includes(run.state) ? run : undefined;
    },
    600_000,
    pollMs,
  );
}

async function expectStatus(response: Promise<any>, status: number): Promise<any> {
  const answered = await response;
  if (answered.status !== status)
    throw new Error(`expected ${status}, got ${answered.status}: ${answered.text}`);
  return answered;
}

function sessionCookie(api: ApiClient): string {
  // The client keeps its cookies privately; the load generator sends the same session.
  const cookies = (api as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

const loadAverage = () =>
  os
    .loadavg()
    .map((average) => round(average))
    .join(', ');
