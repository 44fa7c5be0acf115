// CSOC as separate hosts, for real (issue 16, item 4): network namespaces made by the test (netnsHosts.ts)
// hold one PostgreSQL host, two API hosts (`csoc-server serve`), two worker hosts (`csoc-server worker`) and
// one SIMULATED Argo CD host (`csoc-server sim-argocd`, ADR 0082) that both APIs reach through
// CSOC_ARGOCD_URL as they would a real Argo CD; the test process, in the root namespace, is the client that
// drives bounded load through both APIs and serves the GitOps repository both APIs push to
// (CSOC_GITOPS_REMOTE_URL) and the Argo CD pulls from.
// Under load each API and each worker is killed with -9 and restarted; a worker is cut off the network
// mid-plan (another takes the run over) and mid-apply (the run ends errored), then brought back. At the end:
// every run is terminal, no run applied twice, the cut worker wrote nothing after losing its lease
// (fencing, ADR 0062), the audit chain verifies on both APIs, and a run's live output followed over SSE
// resumed on the other API with Last-Event-ID without a gap or a duplicate. Deploys started through both
// APIs are each followed to their end (Healthy, or Degraded with the reason) by another process after the
// API following them is killed with -9, and each is committed to the shared repository once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from './credentials/masterKeyring.ts';
import { ApiClient } from './testing/ApiClient.ts';
import { createArgoCdClient } from './gitops/deploys/argoCdClient.ts';
import { runGit } from './gitops/repository/runGit.ts';
import {
  apiHostUrl,
  startApiHost,
  startPostgresHost,
  startSimArgoCdHost,
  startWorkerHost,
  type SimArgoCdHost,
} from './testing/netnsCsoc.ts';
import {
  createNetnsLab,
  netnsUnavailableReason,
  type HostProcess,
  type NetnsHost,
  type NetnsLab,
} from './testing/netnsHosts.ts';
import { createSimAccount, simCommonsDocument } from './testing/simCommons.ts';
import { startGitRemote, type GitRemote } from './testing/startGitRemote.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from './testing/startTestCsoc.ts';

const unavailable = netnsUnavailableReason();
const PG_PASSWORD = 'csoc-multihost';
const LEASE_SECONDS = 3;
const ORGS = ['east-org', 'west-org'];
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];
const GITOPS_TOKEN = 'multihost-gitops-token-canary-4e1a';
const ARGOCD_TOKEN = 'multihost-argocd-token-canary-7c2b';
/**
 * How long the simulated Argo CD takes to sync: longer than the deploys take to all reach `syncing` (the
 * Argo CD host is then cut off while the APIs are killed, so no follower sees a sync end before its kill).
 */
const SYNC_DELAY_MS = 20_000;

/** Polls `check` until it returns a value (not undefined); fails naming `what` after timeoutMs. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface SseEvent {
  id?: number;
  event: string;
  data: string;
}

/**
 * Follows a run's output stream (resuming after `lastEventId` when given), handing each event to `onEvent`,
 * until the stream's `end` event ('ended') or until the connection closes without it ('broken': the API died).
 */
async function followStream(
  url: string,
  cookie: string,
  lastEventId: number | undefined,
  onEvent: (event: SseEvent) => void,
): Promise<'ended' | 'broken'> {
  try {
    const response = await fetch(url, {
      headers: { cookie, ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
    });
    if (response.status !== 200 || !response.body) return 'broken';
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event: SseEvent = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) event.id = Number(line.slice(4));
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data += line.slice(6);
        }
        if (block.startsWith(':')) continue;
        onEvent(event);
        if (event.event === 'end') {
          await reader.cancel().catch(() => {});
          return 'ended';
        }
      }
    }
  } catch {
    // The connection died with its API host.
  }
  return 'broken';
}

describe.skipIf(unavailable !== undefined)(
  'CSOC across hosts in network namespaces, with kills and a partition',
  () => {
    let lab: NetnsLab;
    let pgHost: NetnsHost;
    let apiHosts: NetnsHost[];
    let workerHosts: NetnsHost[];
    let argoHost: NetnsHost;
    let databaseUrl: string;
    let gitRemote: GitRemote;
    let simArgoCd: SimArgoCdHost;
    const masterKey = generateMasterKey().key.toString('base64');
    const dataDirs: string[] = [];
    const apis: HostProcess[] = [];
    const workers: (HostProcess | undefined)[] = [undefined, undefined];
    const clients: ApiClient[] = [];
    const apiUrl = (index: number) => apiHostUrl(apiHosts[index]!);

    const freshDataDir = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-multihost-'));
      dataDirs.push(dir);
      return dir;
    };

    const hostSettings = () => ({
      databaseUrl,
      masterKey,
      leaseSeconds: LEASE_SECONDS,
      dataDir: freshDataDir(),
    });

    /** Every API process started, killed ones included (their output is checked for leaked tokens). */
    const everyApi: HostProcess[] = [];

    async function startApi(index: number): Promise<void> {
      apis[index] = await startApiHost(lab, apiHosts[index]!, {
        ...hostSettings(),
        // Both APIs push to one GitOps repository and talk to one Argo CD, as replicas of one CSOC do.
        env: {
          CSOC_GITOPS_REMOTE_URL: gitRemote.url('gen3-gitops'),
          CSOC_GITOPS_REMOTE_TOKEN: GITOPS_TOKEN,
          CSOC_ARGOCD_URL: simArgoCd.argocdUrl,
          CSOC_ARGOCD_TOKEN: ARGOCD_TOKEN,
        },
      });
      everyApi.push(apis[index]!);
    }

    /** Worker `index` runs on its host and reaches the state backend through the API of the same index. */
    function startWorker(index: number): void {
      workers[index] = startWorkerHost(lab, workerHosts[index]!, {
        ...hostSettings(),
        apiUrl: apiUrl(index),
        concurrency: 2,
      });
    }

    async function killWorker(index: number): Promise<void> {
      await workers[index]?.kill('SIGKILL');
      workers[index] = undefined;
    }

    /** The client of an API that is up: the other one while `index` is down. */
    const client = (index: number) => clients[index]!;

    async function run(api: number, org: string, runId: string) {
      const response = await client(api).get(`/api/v1/orgs/${org}/runs/${runId}`);
      if (response.status !== 200) throw new Error(`run ${runId}: ${response.status} ${response.text}`);
      return response.body;
    }
    async function output(api: number, org: string, runId: string): Promise<any[]> {
      return (await client(api).get(`/api/v1/orgs/${org}/runs/${runId}/output?limit=5000`)).body.items;
    }
    async function waitForState(
      api: number,
      org: string,
      runId: string,
      states: string[],
      timeoutMs = 240_000,
    ) {
      return until(
        `run ${runId} to reach ${states.join('/')} or end`,
        async () => {
          const current = await run(api, org, runId);
          return states.includes(current.state) || TERMINAL.includes(current.state) ? current : undefined;
        },
        timeoutMs,
      );
    }
    async function createCommons(api: number, org: string, name: string, delaySeconds: number) {
      const created = await client(api).post(
        `/api/v1/orgs/${org}/commons`,
        simCommonsDocument(name, { simulation: { resourceDelaySeconds: delaySeconds } }),
      );
      expect(created.status, created.text).toBe(201);
    }
    async function plan(api: number, org: string, name: string): Promise<string> {
      const created = await client(api).post(`/api/v1/orgs/${org}/commons/${name}/runs`, {});
      expect(created.status, created.text).toBe(201);
      return created.body.id as string;
    }
    async function stateVersions(api: number, org: string, name: string): Promise<any[]> {
      return (await client(api).get(`/api/v1/orgs/${org}/commons/${name}/state/versions?limit=200`)).body
        .items;
    }
    /** The times a plugin started applying the run: one per attempt at most, never twice. */
    const applyStarts = (records: any[]) =>
      records.filter(
        (record) =>
          record.kind === 'state' && String(record.data?.message ?? '').startsWith('apply with plugin'),
      );

    beforeAll(async () => {
      lab = createNetnsLab(6);
      pgHost = lab.hosts[0]!;
      apiHosts = lab.hosts.slice(1, 3);
      workerHosts = lab.hosts.slice(3, 5);
      argoHost = lab.hosts[5]!;

      // The GitOps remote, served to the lab's hosts from the client's address, and the one Argo CD.
      gitRemote = await startGitRemote({
        token: GITOPS_TOKEN,
        repositories: ['gen3-gitops'],
        host: lab.clientIp,
      });
      simArgoCd = await startSimArgoCdHost(lab, argoHost, {
        token: ARGOCD_TOKEN,
        syncDelayMs: SYNC_DELAY_MS,
        dataDir: freshDataDir(),
      });

      // PostgreSQL, initialised in the root namespace and served from its own host.
      const postgresHost = await startPostgresHost(lab, pgHost, PG_PASSWORD);
      dataDirs.push(postgresHost.directory);
      databaseUrl = postgresHost.databaseUrl;

      // The first API migrates the database; the second starts against it.
      await startApi(0);
      await startApi(1);
      for (let index = 0; index < 2; index++) {
        clients[index] = new ApiClient(apiUrl(index));
        await clients[index]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
      }
      for (const [index, org] of ORGS.entries()) {
        const created = await client(index).post('/api/v1/orgs', { slug: org, name: org });
        expect(created.status, created.text).toBe(201);
        await createSimAccount(client(index), org);
      }
    }, 600_000);

    afterAll(async () => {
      await lab?.teardown();
      await gitRemote?.close();
      for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    it('keeps every run whole through kill -9 of each API and each worker under load', async () => {
      startWorker(0);
      startWorker(1);
      // Bounded load: 3 commons per org, planned through alternating APIs.
      const runs: { org: string; name: string; runId: string }[] = [];
      for (let index = 0; index < 6; index++) {
        const org = ORGS[index % 2]!;
        const name = `load-${index}`;
        await createCommons(index % 2, org, name, 0.2);
        runs.push({ org, name, runId: await plan(index % 2, org, name) });
      }
      // Each API in turn, then each worker in turn: kill -9 while runs are in flight, restart.
      for (const index of [0, 1]) {
        await apis[index]!.kill('SIGKILL');
        // The other API serves meanwhile.
        expect((await run(1 - index, runs[0]!.org, runs[0]!.runId)).id).toBe(runs[0]!.runId);
        await startApi(index);
        await clients[index]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
      }
      for (const index of [0, 1]) {
        await killWorker(index);
        startWorker(index);
      }
      const planned = [];
      for (const entry of runs) planned.push(await waitForState(0, entry.org, entry.runId, ['planned']));
      for (const [index, current] of planned.entries()) {
        expect(TERMINAL.concat('planned'), `${current.id}: ${current.message}`).toContain(current.state);
        if (current.state === 'planned') {
          const approved = await client(index % 2).post(
            `/api/v1/orgs/${runs[index]!.org}/runs/${current.id}/approve`,
          );
          expect(approved.status, approved.text).toBe(200);
        }
      }
      // Applies run while worker 0 is killed and restarted once more.
      await killWorker(0);
      startWorker(0);
      const outcomes: string[] = [];
      for (const entry of runs) {
        const ended = await waitForState(1, entry.org, entry.runId, []);
        expect(TERMINAL, `${entry.runId}: ${ended.state}`).toContain(ended.state);
        const why = String(ended.message ?? '')
          .split('\n')[0]!
          .slice(0, 160);
        outcomes.push(`${entry.name}: ${ended.state}${ended.state === 'succeeded' ? '' : ` (${why})`}`);
        const starts = applyStarts(await output(1, entry.org, entry.runId));
        expect(starts.length, `${entry.runId} applied ${starts.length} times`).toBeLessThanOrEqual(1);
        // Every state version the run wrote was written while it applied.
        for (const version of (await stateVersions(1, entry.org, entry.name)).filter(
          (candidate) => candidate.runId === entry.runId,
        )) {
          expect(version.createdAt >= ended.approvedAt).toBe(true);
          expect(version.createdAt <= ended.finishedAt).toBe(true);
        }
      }
      console.log(`runs under kills:\n  ${outcomes.join('\n  ')}`);
      // Nothing is left broken: a commons whose run a kill ended (a killed apply ends errored, a plan whose
      // API died fails) plans and applies to the end now, against whatever state and lock it left.
      for (const [index, entry] of runs.entries()) {
        const latest = await run(0, entry.org, entry.runId);
        if (latest.state === 'succeeded') continue;
        const again = await plan(index % 2, entry.org, entry.name);
        const planned = await waitForState(index % 2, entry.org, again, ['planned']);
        if (planned.state === 'planned')
          expect(
            (await client(index % 2).post(`/api/v1/orgs/${entry.org}/runs/${again}/approve`)).status,
          ).toBe(200);
        const ended = await waitForState(index % 2, entry.org, again, []);
        expect(ended.state, `${entry.name} after the kills: ${ended.message}`).toBe('succeeded');
      }
    }, 900_000);

    it('fences a worker cut off mid-plan: another worker takes the run over, the cut one changes nothing after', async () => {
      const org = ORGS[0]!;
      await killWorker(1);
      await createCommons(0, org, 'partition-plan', 0.2);
      // Worker 0 is the only one: it claims the plan.
      const runId = await plan(0, org, 'partition-plan');
      await waitForState(0, org, runId, ['running']);
      lab.cut(workerHosts[0]!);
      try {
        startWorker(1);
        // Its lease runs out; worker 1 requeues the plan and plans it as the next attempt.
        const takenOver = await waitForState(0, org, runId, ['planned']);
        expect(takenOver.state, takenOver.message).toBe('planned');
        expect(takenOver.attempt).toBeGreaterThanOrEqual(2);
      } finally {
        lab.restore(workerHosts[0]!);
      }
      const before = await run(0, org, runId);
      const stateRecordsBefore = (await output(0, org, runId)).filter((record) => record.kind === 'state');
      // Worker 0 is back (it answers for a run of its own again: worker 1 is stopped, so only it can plan).
      await killWorker(1);
      await createCommons(1, org, 'partition-plan-back', 0.2);
      const backRun = await plan(1, org, 'partition-plan-back');
      expect((await waitForState(1, org, backRun, ['planned'])).state).toBe('planned');
      // For a while after, the run it lost stays exactly as the other worker left it.
      const watchUntil = Date.now() + 4 * LEASE_SECONDS * 1000;
      while (Date.now() < watchUntil) {
        const now = await run(1, org, runId);
        expect({ state: now.state, attempt: now.attempt, version: now.version }).toEqual({
          state: before.state,
          attempt: before.attempt,
          version: before.version,
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const stateRecordsAfter = (await output(1, org, runId)).filter((record) => record.kind === 'state');
      expect(stateRecordsAfter).toEqual(stateRecordsBefore);
      expect(stateRecordsAfter.filter((record) => record.data.state === 'planned')).toHaveLength(1);
      // The plan the run waits with is the one that took over: it applies once.
      startWorker(1);
      expect((await client(0).post(`/api/v1/orgs/${org}/runs/${runId}/approve`)).status).toBe(200);
      const applied = await waitForState(0, org, runId, []);
      expect(applied.state, applied.message).toBe('succeeded');
      expect(applyStarts(await output(0, org, runId))).toHaveLength(1);
    }, 900_000);

    it('fences a worker that comes back to its own run: it requeues and plans it as a new attempt, once', async () => {
      const org = ORGS[0]!;
      await killWorker(1);
      await createCommons(0, org, 'partition-self', 0.2);
      const runId = await plan(0, org, 'partition-self');
      await waitForState(0, org, runId, ['running']);
      // No other worker runs: nobody reclaims the run while worker 0 is away. The partition lasts three
      // lease periods, so the lease is long expired when the worker returns.
      lab.cut(workerHosts[0]!);
      try {
        await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_SECONDS * 1000));
      } finally {
        lab.restore(workerHosts[0]!);
      }
      // Back, the worker reclaims its own expired lease and claims the run again as attempt 2, under the
      // same worker id; its attempt 1 (stopped when its lease ran out) must not end or change the run.
      const planned = await waitForState(0, org, runId, ['planned']);
      expect(planned.state, planned.message).toBe('planned');
      expect(planned.attempt).toBe(2);
      const states = (await output(0, org, runId)).filter((record) => record.kind === 'state');
      expect(states.filter((record) => record.data.state === 'planned')).toHaveLength(1);
      expect(TERMINAL.filter((state) => states.some((record) => record.data.state === state))).toEqual([]);
      expect((await client(0).post(`/api/v1/orgs/${org}/runs/${runId}/approve`)).status).toBe(200);
      const applied = await waitForState(0, org, runId, []);
      expect(applied.state, applied.message).toBe('succeeded');
      expect(applyStarts(await output(0, org, runId))).toHaveLength(1);
    }, 900_000);

    it('fences a worker cut off mid-apply and resumes a live output stream on the other API', async () => {
      const org = ORGS[1]!;
      await killWorker(1);
      // Each simulated resource takes 30 s (Terraform creates them in parallel): the apply is long enough to cut.
      await createCommons(1, org, 'partition-apply', 30);
      const runId = await plan(1, org, 'partition-apply');
      expect((await waitForState(1, org, runId, ['planned'])).state).toBe('planned');
      expect((await client(1).post(`/api/v1/orgs/${org}/runs/${runId}/approve`)).status).toBe(200);
      // Worker 0 (alone) applies; wait until resources are being created.
      await until('the apply to create resources', async () => {
        const records = await output(1, org, runId);
        const applyAt = applyStarts(records)[0]?.seq;
        return applyAt !== undefined &&
          records.some((record) => record.seq > applyAt && record.data?.type === 'resource')
          ? true
          : undefined;
      });

      // A client follows the live output on API 0.
      const cookie = await sessionCookie(apiUrl(0));
      const received: SseEvent[] = [];
      const streamPath = `/api/v1/orgs/${org}/runs/${runId}/output/stream`;
      const firstStream = followStream(`${apiUrl(0)}${streamPath}`, cookie, undefined, (event) =>
        received.push(event),
      );
      await until('the first SSE events', async () => (received.length > 0 ? true : undefined));

      lab.cut(workerHosts[0]!);
      let appliedFor: any;
      try {
        startWorker(1);
        // API 0 dies under the stream while the run still applies; the client resumes on API 1 from the
        // last event it saw, and follows the run to its end there.
        await apis[0]!.kill('SIGKILL');
        expect(await firstStream, JSON.stringify(received.at(-1))).toBe('broken');
        const lastSeen = received.filter((event) => event.id !== undefined).at(-1)?.id;
        const resumed = await followStream(`${apiUrl(1)}${streamPath}`, cookie, lastSeen, (event) =>
          received.push(event),
        );
        expect(resumed).toBe('ended');
        // The cut worker's lease ran out; worker 1 reclaimed the apply, which ends errored (an apply is
        // never re-applied blindly).
        appliedFor = await run(1, org, runId);
        expect(appliedFor.state, appliedFor.message).toBe('errored');
      } finally {
        lab.restore(workerHosts[0]!);
      }
      await startApi(0);
      await clients[0]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);

      // The stream across both APIs is the run's output exactly: no gap, no duplicate, then its end.
      const records = await output(1, org, runId);
      const ids = received.filter((event) => event.id !== undefined).map((event) => event.id);
      expect(ids).toEqual(records.map((record) => record.seq).slice(0, ids.length));
      expect(new Set(ids).size).toBe(ids.length);
      expect(received.at(-1)).toMatchObject({ event: 'end' });
      expect(JSON.parse(received.at(-1)!.data)).toEqual({ state: 'errored' });

      // Worker 0 is back (it alone plans a new run), and the apply it lost stays as the reclaim left it:
      // no state version written after, no state lock, no other end.
      await killWorker(1);
      await createCommons(0, org, 'partition-apply-back', 0.2);
      const backRun = await plan(0, org, 'partition-apply-back');
      expect((await waitForState(0, org, backRun, ['planned'])).state).toBe('planned');
      const watchUntil = Date.now() + 4 * LEASE_SECONDS * 1000;
      while (Date.now() < watchUntil) {
        const now = await run(0, org, runId);
        expect({ state: now.state, version: now.version }).toEqual({
          state: 'errored',
          version: appliedFor.version,
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const late = (await stateVersions(0, org, 'partition-apply')).filter(
        (version) => version.createdAt > appliedFor.finishedAt,
      );
      expect(late).toEqual([]);
      const lock = (await client(0).get(`/api/v1/orgs/${org}/commons/partition-apply/state/lock`)).body;
      expect(lock.locked).toBe(false);
      expect(applyStarts(await output(0, org, runId))).toHaveLength(1);
      startWorker(1);
    }, 900_000);

    it('follows every deploy to its end across kill -9 of the API following it, committed once to the shared repository', async () => {
      // An API or worker an earlier failure left down comes back first.
      for (const index of [0, 1]) {
        if (apis[index]!.process.exitCode !== null || apis[index]!.process.signalCode !== null) {
          await startApi(index);
          await clients[index]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
        }
        if (!workers[index]) startWorker(index);
      }
      const testStart = Date.now();
      const seconds = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;
      const phases: string[] = [];
      // Four sim commons with Gen3, two per org, created and deployed through both APIs; one injects a
      // failure into fence, so its deploy ends Degraded with the reason.
      const targets = [0, 1, 2, 3].map((index) => ({
        org: ORGS[index % 2]!,
        name: `deploy-${index}`,
        api: Math.floor(index / 2),
        degraded: index === 3,
      }));
      await Promise.all(
        targets.map(async (target) => {
          const gen3 = {
            release: '2025.06',
            hostname: `${target.name}.sim.example.org`,
            ...(target.degraded
              ? {
                  serviceOverrides: {
                    fence: { podAnnotations: { 'sim.csoc.gen3.org/inject': 'degraded' } },
                  },
                }
              : {}),
          };
          const created = await client(target.api).post(
            `/api/v1/orgs/${target.org}/commons`,
            simCommonsDocument(target.name, { simulation: { resourceDelaySeconds: 0.2 } }, { gen3 }),
          );
          expect(created.status, created.text).toBe(201);
          const runId = await plan(target.api, target.org, target.name);
          const planned = await waitForState(target.api, target.org, runId, ['planned']);
          expect(planned.state, planned.message).toBe('planned');
          expect(
            (await client(target.api).post(`/api/v1/orgs/${target.org}/runs/${runId}/approve`)).status,
          ).toBe(200);
          const applied = await waitForState(target.api, target.org, runId, []);
          expect(applied.state, applied.message).toBe('succeeded');
        }),
      );
      phases.push(`provisioned in ${seconds(testStart)}`);
      // The operator gives Argo CD read access to the GitOps repository (`argocd repo add`): with a remote,
      // CSOC does not register it.
      for (const org of ORGS) {
        const added = await fetch(`${simArgoCd.url}/argocd/${org}/api/v1/repositories`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ARGOCD_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'git',
            repo: gitRemote.url('gen3-gitops'),
            username: 'x-access-token',
            password: GITOPS_TOKEN,
          }),
        });
        expect(added.status).toBe(200);
      }
      // Like a real Argo CD, the host refuses CSOC's own client without the API token.
      const argoCdOf = (org: string, token: string) =>
        createArgoCdClient({ baseUrl: simArgoCd.argocdUrl.replace('{org}', org), token });
      await expect(
        argoCdOf(ORGS[0]!, 'not-the-token').listApplications(`csoc.gen3.org/org=${ORGS[0]}`),
      ).rejects.toMatchObject({ status: 401 });

      // Who follows which deploy, and who finishes it, as the API processes write it: a trigger records
      // every change of follower and the follower holding the deploy when it ends (a hand-over may take
      // less time than any poll).
      const database = new pg.Client({ connectionString: databaseUrl });
      await database.connect();
      await database.query(`
        CREATE TABLE multihost_deploy_followers (deploy_id text, follower_id text, finished boolean);
        CREATE FUNCTION multihost_record_follower() RETURNS trigger AS $$ BEGIN
          IF NEW.follower_id IS DISTINCT FROM OLD.follower_id AND NEW.follower_id IS NOT NULL
            OR NEW.finished_at IS NOT NULL AND OLD.finished_at IS NULL THEN
            INSERT INTO multihost_deploy_followers
              VALUES (NEW.id, NEW.follower_id, NEW.finished_at IS NOT NULL AND OLD.finished_at IS NULL);
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER multihost_record_follower AFTER UPDATE ON deploys
          FOR EACH ROW EXECUTE FUNCTION multihost_record_follower();
      `);
      const started = await Promise.all(
        targets.map(async (target) => {
          const deploy = await client(target.api).post(
            `/api/v1/orgs/${target.org}/commons/${target.name}/deploys`,
            {},
          );
          expect(deploy.status, deploy.text).toBe(201);
          expect(deploy.body.status, deploy.body.message).toBe('committed');
          return { ...target, id: deploy.body.id as string, commit: deploy.body.commit as string };
        }),
      );
      const ids = started.map((deploy) => deploy.id);
      const readDeploys = async () =>
        (
          await database.query<{
            id: string;
            status: string;
            follower_id: string | null;
            finished_at: string | null;
          }>('SELECT id, status, follower_id, finished_at FROM deploys WHERE id = ANY($1)', [ids])
        ).rows;
      const followersOf = async (id: string) =>
        (
          await database.query<{ follower_id: string | null; finished: boolean }>(
            'SELECT follower_id, finished FROM multihost_deploy_followers WHERE deploy_id = $1',
            [id],
          )
        ).rows;
      const pidOf = (follower: string | null | undefined) => Number(follower?.split(':')[1]);
      try {
        // Each deploy is followed by an API (the one that started it), and Argo CD is syncing it.
        await until('every deploy syncing, followed by an API', async () => {
          const rows = await readDeploys();
          const apiPids = apis.map((api) => api.process.pid);
          return rows.length === ids.length &&
            rows.every(
              (row) =>
                row.status === 'syncing' && !row.finished_at && apiPids.includes(pidOf(row.follower_id)),
            )
            ? true
            : undefined;
        });
        // Kill -9 each API in turn while its deploys are mid-follow; restart it while the other serves. The
        // Argo CD host is cut off meanwhile, so no follower can see a deploy end before its API is killed,
        // however slow the restart.
        const killedPids: number[] = [];
        const firstKill = Date.now();
        phases.push(`syncing after ${seconds(testStart)}`);
        lab.cut(argoHost);
        try {
          for (const index of [0, 1]) {
            const rows = await readDeploys();
            const followed = rows.filter((row) => pidOf(row.follower_id) === apis[index]!.process.pid);
            expect(followed.filter((row) => row.finished_at)).toEqual([]);
            killedPids.push(apis[index]!.process.pid!);
            await apis[index]!.kill('SIGKILL');
            await startApi(index);
            await clients[index]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
            phases.push(`API ${index} killed and back ${seconds(firstKill)} after the first kill`);
          }
          expect((await readDeploys()).filter((row) => row.finished_at)).toEqual([]);
        } finally {
          lab.restore(argoHost);
        }
        // Every deploy ends, followed to its end by a process that was not killed.
        await until(
          'every deploy to end',
          async () => ((await readDeploys()).every((row) => row.finished_at) ? true : undefined),
          240_000,
        );
        phases.push(`every deploy ended ${seconds(firstKill)} after the first kill`);
        const outcomes: string[] = [];
        for (const deploy of started) {
          const ended = (
            await client(1 - deploy.api).get(
              `/api/v1/orgs/${deploy.org}/commons/${deploy.name}/deploys/${deploy.id}`,
            )
          ).body;
          outcomes.push(`${deploy.name}: ${ended.status} (${ended.message})`);
          expect(JSON.stringify(ended)).not.toContain(GITOPS_TOKEN);
          if (deploy.degraded) {
            expect(ended.status, ended.message).toBe('degraded');
            expect(ended.message).toMatch(/Degraded.*fence/);
          } else expect(ended.status, ended.message).toBe('healthy');
          expect(ended.commit).toBe(deploy.commit);
          // The Argo CD host agrees: the commons' Application is Synced there (Healthy, or Degraded).
          const application = await argoCdOf(deploy.org, ARGOCD_TOKEN).getApplication(`gen3-${deploy.name}`);
          expect(application?.status?.health.status).toBe(deploy.degraded ? 'Degraded' : 'Healthy');
          // Followed by an API that was killed mid-follow, and to its end by a process that was not killed.
          const followers = await followersOf(deploy.id);
          const described = JSON.stringify(followers);
          expect(
            followers.some((row) => killedPids.includes(pidOf(row.follower_id))),
            described,
          ).toBe(true);
          const finisher = followers.filter((row) => row.finished);
          expect(finisher, described).toHaveLength(1);
          expect(killedPids, described).not.toContain(pidOf(finisher[0]!.follower_id));
          // One deploy, one commit: the shared repository changed the commons' folder exactly once.
          const touched = (
            await runGit(['log', '--format=%H', 'main', '--', `${deploy.org}/${deploy.name}`], {
              gitDir: path.join(gitRemote.root, 'gen3-gitops.git'),
            })
          ).stdout
            .trim()
            .split('\n');
          expect(touched).toEqual([deploy.commit]);
          const listed = (
            await client(deploy.api).get(`/api/v1/orgs/${deploy.org}/commons/${deploy.name}/deploys`)
          ).body.items;
          expect(listed.map((item: any) => item.id)).toEqual([deploy.id]);
        }
        console.log(`deploys across API kills (${phases.join(', ')}):\n  ${outcomes.join('\n  ')}`);
        // Every request to the repository carried its token, and no token reached the repository.
        expect(gitRemote.requests.every((request) => request.authorized)).toBe(true);
        const history = (
          await runGit(['log', '-p', '--format=%H %s', 'main'], {
            gitDir: path.join(gitRemote.root, 'gen3-gitops.git'),
          })
        ).stdout;
        expect(history).not.toContain(GITOPS_TOKEN);
        expect(history).not.toContain(ARGOCD_TOKEN);
        // Nor did any host print one (the killed APIs included).
        for (const host of [...everyApi, simArgoCd.process]) {
          expect(host.output()).not.toContain(GITOPS_TOKEN);
          expect(host.output()).not.toContain(ARGOCD_TOKEN);
        }
      } finally {
        await database.query(`
          DROP TRIGGER multihost_record_follower ON deploys;
          DROP FUNCTION multihost_record_follower();
          DROP TABLE multihost_deploy_followers;
        `);
        await database.end();
      }
    }, 900_000);

    it('ends with every run terminal (or waiting for approval), no run applied twice, and the audit chain whole', async () => {
      // An API an earlier failure left down comes back first.
      for (const index of [0, 1])
        if (apis[index]!.process.exitCode !== null || apis[index]!.process.signalCode !== null) {
          await startApi(index);
          await clients[index]!.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
        }
      for (const [index, org] of ORGS.entries()) {
        const listed = (await client(index).get(`/api/v1/orgs/${org}/runs?limit=200`)).body.items as any[];
        expect(listed.length).toBeGreaterThan(0);
        for (const listedRun of listed) {
          expect(TERMINAL.concat('planned'), `${listedRun.id}: ${listedRun.state}`).toContain(
            listedRun.state,
          );
          expect(applyStarts(await output(index, org, listedRun.id)).length).toBeLessThanOrEqual(1);
        }
      }
      for (const index of [0, 1]) {
        const verified = await client(index).get('/api/v1/audit/verify');
        expect(verified.status).toBe(200);
        expect(verified.body, JSON.stringify(verified.body)).toMatchObject({ valid: true });
      }
    }, 300_000);
  },
);

/** A session cookie of the bootstrap admin on that API (sessions live in the database: any API knows it). */
async function sessionCookie(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

if (unavailable) {
  describe('CSOC across hosts in network namespaces', () => {
    it.skip(`needs network namespaces: ${unavailable}`, () => {});
  });
}
