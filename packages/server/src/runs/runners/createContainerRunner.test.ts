// The container runner with real podman and the real sim plugin image (built locally from this machine's
// node and terraform): describe, plan and apply against a small in-test state backend that checks the
// run-scoped credentials, what `podman inspect` shows of a running plugin, and cancellation.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEventStreamParser, type PluginEvent, type PluginManifest, type Verb } from '@csoc/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type InstalledPlugin } from '../../plugins/pluginRegistry.ts';
import { ensureSimPluginImage } from '../../testing/ensureSimPluginImage.ts';
import {
  containerName,
  containerRunArgs,
  createContainerRunner,
  type ContainerRunSpec,
} from './createContainerRunner.ts';
import type { PluginRunner, RunnerInvocation } from './PluginRunner.ts';

const exec = promisify(execFile);
const simDir = path.join(repoRoot, 'plugins', 'sim');
const manifest = JSON.parse(fs.readFileSync(path.join(simDir, 'manifest.json'), 'utf8')) as PluginManifest;
const sim: InstalledPlugin = {
  id: 'sim-test',
  name: 'sim',
  version: manifest.version,
  tier: 'core',
  manifest,
  sourceKind: 'directory',
  source: simDir,
  enabled: true,
  builtin: true,
  installedAt: new Date().toISOString(),
  etagVersion: 1,
};
const SECRET_VALUE = 'sekret-value-that-must-never-show';

/** Terraform's http backend for any run id, in memory, refusing requests without that run's token. */
function startStateBackend(tokens: Map<string, string>) {
  const states = new Map<string, string>();
  const locks = new Map<string, string>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://backend');
      const runId = /^\/api\/v1\/state\/([^/]+)$/.exec(url.pathname)?.[1] ?? '';
      const [user, password] = Buffer.from(
        (request.headers.authorization ?? '').replace(/^Basic /, ''),
        'base64',
      )
        .toString()
        .split(':');
      requests.push(`${request.method} ${runId}`);
      if (user !== `run-${runId}` || !tokens.has(runId) || tokens.get(runId) !== password)
        return response.writeHead(401).end();
      if (request.method === 'GET')
        return states.has(runId)
          ? response.writeHead(200).end(states.get(runId))
          : response.writeHead(204).end();
      if (request.method === 'POST') {
        states.set(runId, body);
        return response.writeHead(200).end();
      }
      if (request.method === 'LOCK') {
        if (locks.has(runId)) return response.writeHead(423).end(locks.get(runId));
        locks.set(runId, body);
        return response.writeHead(200).end();
      }
      if (request.method === 'UNLOCK') {
        locks.delete(runId);
        return response.writeHead(200).end();
      }
      response.writeHead(405).end();
    });
  });
  return { server, states, locks, requests };
}

async function containerExists(name: string): Promise<boolean> {
  return exec('podman', ['container', 'exists', name]).then(
    () => true,
    () => false,
  );
}

describe('createContainerRunner', () => {
  let runner: PluginRunner;
  const tokens = new Map<string, string>();
  const backend = startStateBackend(tokens);
  let backendUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    await ensureSimPluginImage();
    runner = createContainerRunner({ cli: 'podman', killGraceSeconds: 15 });
    await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-container-runner-'));
  }, 150_000);
  afterAll(async () => {
    await new Promise((resolve) => backend.server.close(resolve));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function invocation(
    runId: string,
    verb: Verb,
    inputs: Record<string, unknown>,
    extra: Partial<RunnerInvocation> = {},
  ) {
    const token = tokens.get(runId) ?? `token-${randomUUID()}`;
    tokens.set(runId, token);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const controller = new AbortController();
    const value: RunnerInvocation = {
      runId,
      verb,
      secretsBase: path.join(os.tmpdir(), 'csoc-test-secrets'),
      plugin: sim,
      request: {
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'PluginRequest',
        verb,
        runId,
        commons: { org: 'acme', name: String(inputs.name ?? 'none') },
        inputs,
        credentials: { kind: 'sim', public: { region: 'us-sim-1' } },
        options: { timeoutSeconds: 120 },
      },
      workDir: path.join(dataDir, 'runs', runId, 'work'),
      secrets: { apiKey: SECRET_VALUE },
      stateBackendUrl: `${backendUrl}/api/v1/state/${runId}`,
      stateUsername: `run-${runId}`,
      stateToken: token,
      timeoutMs: 120_000,
      signal: controller.signal,
      onStdout: (chunk) => stdout.push(chunk),
      onStderr: (chunk) => stderr.push(chunk),
      ...extra,
    };
    /** The stdout so far, parsed as the event stream: the summary plus every event. */
    const events = () => {
      const list: PluginEvent[] = [];
      const parser = createEventStreamParser({ onEvent: (event) => list.push(event) });
      parser.push(Buffer.concat(stdout));
      return { ...parser.end(), list };
    };
    return { value, controller, token, events, stderr: () => Buffer.concat(stderr).toString() };
  }

  it('builds run arguments without secrets, with no network, limits and a read-only root', () => {
    const spec: ContainerRunSpec = {
      cli: 'podman',
      name: 'csoc-run-x-plan',
      image: 'localhost/csoc-plugin-sim:0.1.0',
      verb: 'plan',
      network: 'none',
      cpus: '2',
      memory: '2g',
      workDir: '/data/runs/x/work',
      secretsDir: '/dev/shm/csoc-secrets/x-plan',
      stateDir: '/tmp/csoc-state-abc',
      env: { CSOC_REQUEST_FILE: '/data/runs/x/work/request-plan.json' },
      readOnlyMounts: [],
      labels: { 'csoc.gen3.org/run-id': 'x' },
      uid: 1000,
      gid: 1000,
    };
    const args = containerRunArgs(spec).join(' ');
    expect(args).toContain('--network none');
    expect(args).toContain('--cpus 2 --memory 2g');
    expect(args).toContain('--read-only --cap-drop ALL --security-opt no-new-privileges');
    expect(args).toContain('--userns keep-id --user 1000:1000');
    expect(args).toContain('--volume /dev/shm/csoc-secrets/x-plan:/csoc/secrets:ro');
    expect(args).toContain('--volume /data/runs/x/work:/data/runs/x/work:rw');
    expect(args.endsWith('localhost/csoc-plugin-sim:0.1.0 plan')).toBe(true);
    // The plugin version's provider cache (ADR 0077): writable, at its host path.
    expect(
      containerRunArgs({ ...spec, writableMounts: ['/data/tf-plugin-cache/sim/0.1.0'] }).join(' '),
    ).toContain('--volume /data/tf-plugin-cache/sim/0.1.0:/data/tf-plugin-cache/sim/0.1.0:rw');
    expect(containerRunArgs({ ...spec, cli: 'docker', uid: 0, gid: 0 }).join(' ')).not.toContain('keep-id');
  });

  it('answers describe from the plugin image', async () => {
    const runId = randomUUID();
    const call = invocation(runId, 'describe', {});
    const result = await runner.run(call.value);
    expect(result, call.stderr()).toMatchObject({ exitCode: 0, timedOut: false, aborted: false });
    const summary = call.events();
    expect(summary.garbage).toEqual([]);
    expect(summary.manifest).toMatchObject({ manifest: { name: 'sim' } });
  }, 60_000);

  it('plans and applies under podman, reaching the state only through the socket, leaving no secret behind', async () => {
    const runId = randomUUID();
    const inputs = { name: 'boxed', simulation: { resourceDelaySeconds: 0.2, seed: 'box' } };
    const plan = invocation(runId, 'plan', inputs);
    const planned = await runner.run(plan.value);
    expect(planned.exitCode, plan.stderr()).toBe(0);
    const planSummary = plan.events();
    expect(planSummary.garbage).toEqual([]);
    expect(planSummary.lastPlan?.summary.add).toBeGreaterThan(5);
    // The work dir is mounted at the same path: the plan file the plugin names is where CSOC reads it.
    expect(planSummary.lastPlan?.planFile).toBe(path.join(plan.value.workDir, 'plan.tfplan'));
    expect(fs.existsSync(path.join(plan.value.workDir, 'plan.tfplan'))).toBe(true);
    expect(backend.requests).toEqual(
      expect.arrayContaining([`LOCK ${runId}`, `GET ${runId}`, `UNLOCK ${runId}`]),
    );

    const apply = invocation(runId, 'apply', inputs, { planFileName: 'plan.tfplan' });
    const name = containerName(runId, 'apply');
    const applying = runner.run(apply.value);
    // While the plugin runs, `podman inspect` (what anyone on the host can see) shows no secret.
    let inspected: any;
    for (let attempt = 0; attempt < 100 && !inspected; attempt++) {
      inspected = await exec('podman', ['inspect', name]).then(
        ({ stdout }) => stdout,
        () => undefined,
      );
      if (!inspected) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(inspected, 'the apply container was never seen running').toBeDefined();
    expect(inspected).not.toContain(apply.token);
    expect(inspected).not.toContain(SECRET_VALUE);
    const [container] = JSON.parse(inspected);
    expect(container.HostConfig.NetworkMode).toBe('none');
    expect(container.HostConfig.ReadonlyRootfs).toBe(true);
    expect(container.HostConfig.Memory).toBe(2 * 1024 ** 3);
    expect(container.HostConfig.NanoCpus).toBe(2e9);
    expect(container.Config.Labels['csoc.gen3.org/run-id']).toBe(runId);

    const applied = await applying;
    expect(applied.exitCode, apply.stderr()).toBe(0);
    const applySummary = apply.events();
    expect(applySummary.garbage).toEqual([]);
    expect(applySummary.lastOutputs?.values.simulated).toBe(true);
    expect(JSON.parse(backend.states.get(runId)!).serial).toBeGreaterThan(0);
    expect(backend.locks.has(runId)).toBe(false);
    expect(await containerExists(name)).toBe(false);
    expect(fs.existsSync(`/dev/shm/csoc-secrets/${runId}-apply`)).toBe(false);
    // Nothing the plugin wrote carries the token or the secret.
    for (const text of [apply.stderr(), JSON.stringify(applySummary.list)]) {
      expect(text).not.toContain(apply.token);
      expect(text).not.toContain(SECRET_VALUE);
    }
  }, 90_000);

  it('stops the container on cancel; the plugin interrupts Terraform, which releases the state lock', async () => {
    const runId = randomUUID();
    const inputs = { name: 'cancelled', searchEnabled: false, simulation: { resourceDelaySeconds: 30 } };
    const plan = invocation(runId, 'plan', inputs);
    expect((await runner.run(plan.value)).exitCode, plan.stderr()).toBe(0);
    const apply = invocation(runId, 'apply', inputs, { planFileName: 'plan.tfplan' });
    const applying = runner.run(apply.value);
    const deadline = Date.now() + 30_000;
    while (!apply.events().list.some((event) => event.type === 'resource')) {
      if (Date.now() > deadline) throw new Error(`apply never started: ${apply.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(backend.locks.has(runId)).toBe(true);
    const cancelledAt = Date.now();
    apply.controller.abort('cancel');
    const result = await applying;
    expect(result.aborted).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    expect(backend.locks.has(runId)).toBe(false);
    expect(await containerExists(containerName(runId, 'apply'))).toBe(false);
  }, 90_000);

  it('fails with the engine’s own explanation when the image does not exist', async () => {
    const missing: InstalledPlugin = {
      ...sim,
      manifest: { ...manifest, runtime: { image: 'localhost/csoc-plugin-missing:0.0.0' } },
    };
    const call = invocation(randomUUID(), 'plan', { name: 'nothing' }, { plugin: missing });
    await expect(runner.run(call.value)).rejects.toThrow(
      /podman could not start the plugin container from localhost\/csoc-plugin-missing:0\.0\.0/,
    );
  }, 60_000);
});
