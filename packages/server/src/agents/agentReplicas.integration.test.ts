// Agent requests across API replicas (ADR 0079) with real parts: two `csoc-server` processes on one
// PostgreSQL, a simulated commons cluster with the real csoc-agent (link and Kubernetes handlers) dialling
// CSOC through a TCP proxy that plays the Kubernetes Service in front of the replicas. The agent connects to
// A; requests on B (workloads, a followed log, a usersync action with its output) answer through A. After
// kill -9 of A, B answers 503 until the Service sends the agent's reconnect to B, then answers itself.
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey, MasterKeyring } from '../credentials/masterKeyring.ts';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { checkoutRoot } from '../testing/copyCheckout.ts';
import { signIn } from '../testing/retryingLoadClient.ts';
import { type CsocServerProcess, spawnCsocServer } from '../testing/spawnCsocServer.ts';
import { createPostgresTestDatabase } from '../testing/testDatabases.ts';
import { waitFor } from '../testing/waitFor.ts';
import {
  AGENT_FORWARD_PATH,
  FORWARD_SIGNATURE_HEADER,
  signForwardedRequest,
  type ForwardedAgentRequest,
} from './forwardAgentRequests.ts';
import { provisionedSimCommonsRow } from '../testing/simCommons.ts';

const ADMIN = { email: 'admin@replicas.test', password: 'replicas-test-password-123' };
const NAMESPACE = 'gen3';

/** A TCP proxy with a switchable upstream: the Service in front of the API replicas. */
async function startServiceProxy(upstream: () => number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const backend = net.connect(upstream(), '127.0.0.1');
    sockets.add(backend);
    client.pipe(backend).pipe(client);
    const end = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('error', end).on('close', end);
    backend.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads server-sent events until `until` says stop; the caller cancels the reader. */
async function readEvents(
  response: Response,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
) {
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      events.push({
        event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message',
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown,
      });
    }
  }
  return { events, reader };
}

describe('agent requests across API replicas (PostgreSQL, two processes)', { timeout: 900_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-replicas-'));
  const processes: CsocServerProcess[] = [];
  const masterKey = generateMasterKey();
  let database: CsocDatabase | undefined;
  let cluster: Awaited<ReturnType<typeof startSimulatedCommonsCluster>> | undefined;
  let link: AgentLink | undefined;
  let proxy: Awaited<ReturnType<typeof startServiceProxy>> | undefined;
  let upstreamPort = 0;
  let a: CsocServerProcess;
  let b: CsocServerProcess;
  let orgToken: string;
  let otherOrgToken: string;
  const ids: Record<string, string> = {};
  const endless = { writes: 0, cancelled: false };

  const api = (server: CsocServerProcess, token: string, pathname: string, init: RequestInit = {}) =>
    fetch(`${server.url}${pathname}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });

  beforeAll(async () => {
    const databaseUrl = await createPostgresTestDatabase();
    const env = {
      CSOC_DATABASE_URL: databaseUrl,
      CSOC_MASTER_KEY: masterKey.key.toString('base64'),
      CSOC_ADMIN_EMAIL: ADMIN.email,
      CSOC_ADMIN_PASSWORD: ADMIN.password,
      CSOC_WORKER: 'off',
      CSOC_LOG_LEVEL: 'warn',
      CSOC_SIM_ARGOCD: 'off',
    };
    const start = async () => {
      const started = await spawnCsocServer(checkoutRoot, {
        ...env,
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
      });
      processes.push(started);
      await started.ready(400_000);
      return started;
    };
    a = await start(); // migrates the database
    b = await start();

    const session = await signIn(a.url, ADMIN.email, ADMIN.password);
    const asAdmin = (pathname: string, body: unknown) =>
      fetch(`${a.url}${pathname}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
        },
        body: JSON.stringify(body),
      });
    database = createDatabase({ url: databaseUrl, dataDir: fs.mkdtempSync(path.join(dir, 'test-')) });
    for (const org of ['replicas', 'replicas-other']) {
      const created = await asAdmin('/api/v1/orgs', { slug: org, name: org });
      expect(created.status, await created.clone().text()).toBe(201);
      ids[org] = ((await created.json()) as { id: string }).id;
      // Both orgs have a commons named alpha; only the first one's has an agent.
      ids[`${org}/alpha`] = await insertCommons(database, ids[org]!, 'alpha');
    }
    const token = async (org: string, role: string) => {
      const created = await asAdmin(`/api/v1/orgs/${org}/tokens`, { name: `${role}-token`, role });
      expect(created.status, await created.clone().text()).toBe(201);
      return ((await created.json()) as { token: string }).token;
    };
    orgToken = await token('replicas', 'operator');
    otherOrgToken = await token('replicas-other', 'admin');
    const joinToken = await asAdmin('/api/v1/orgs/replicas/commons/alpha/agent/join-token', {});
    expect(joinToken.status).toBe(201);
    const { token: join } = (await joinToken.json()) as { token: string };

    upstreamPort = a.port;
    proxy = await startServiceProxy(() => upstreamPort);
    cluster = await startSimulatedCommonsCluster({
      namespace: NAMESPACE,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 2, kind: 'Deployment' }],
      tickMs: 200,
    });
    link = createAgentLink({
      csocUrl: proxy.url,
      identityStore: cluster.identityStore,
      readJoinToken: async () => join,
      handlers: {
        ...cluster.handlers,
        // Pod `endless` writes until cancelled, counting its writes: shows cancel and back-pressure.
        'logs.stream': async (params, ctx) => {
          if (params.pod !== 'endless') return cluster!.handlers['logs.stream']!(params, ctx);
          while (!ctx.signal.aborted) {
            try {
              await ctx.write(`endless line ${++endless.writes} ${'x'.repeat(1000)}\n`);
            } catch {
              break;
            }
          }
          endless.cancelled = true;
          return { ended: 'cancelled' };
        },
      },
      version: 'simulated',
      reconnectInitialDelayMs: 500,
      reconnectMaxDelayMs: 2_000,
    });
    await waitFor('the agent connected (to A)', () => link!.state() === 'connected', 120_000, 100);
  });

  afterAll(async () => {
    await link?.stop();
    await cluster?.close();
    await proxy?.close();
    for (const process_ of processes) if (process_.child.exitCode === null) process_.child.kill('SIGKILL');
    await Promise.all(processes.map((process_) => process_.exited));
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers on B through A: workloads, a followed pod log, a usersync action with its streamed output', async () => {
    const workloadsPath = '/api/v1/orgs/replicas/commons/alpha/cluster/workloads';
    const onB = await waitFor(
      'workloads through B',
      async () => {
        const response = await api(b, orgToken, workloadsPath);
        return response.status === 200
          ? ((await response.json()) as { workloads: Array<{ name: string }> })
          : false;
      },
      60_000,
      250,
    );
    expect(onB.workloads.map((workload) => workload.name)).toContain('fence');
    const status = (await (await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/agent')).json()) as {
      connected: boolean;
    };
    expect(status.connected).toBe(true);

    const fencePod = await waitFor(
      'a running fence pod',
      async () => {
        const listed = (await (
          await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/cluster/pods')
        ).json()) as {
          pods: Array<{ name: string; phase: string }>;
        };
        return (
          listed.pods.find((pod) => pod.name.startsWith('fence') && pod.phase === 'Running')?.name ?? false
        );
      },
      60_000,
      250,
    );
    const abort = new AbortController();
    const logResponse = await api(
      b,
      orgToken,
      `/api/v1/orgs/replicas/commons/alpha/cluster/pods/${fencePod}/logs?follow=true&tailLines=5`,
      { signal: abort.signal },
    );
    expect(logResponse.status).toBe(200);
    // A followed log keeps streaming through the forward: chunks arrive after the request was made.
    const { events } = await readEvents(
      logResponse,
      (seen) => seen.filter((event) => event.event === 'log').length >= 3,
    );
    expect(events.filter((event) => event.event === 'log').length).toBeGreaterThanOrEqual(3);
    expect(events.some((event) => event.event === 'error')).toBe(false);
    abort.abort();

    const asked = await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/cluster/actions', {
      method: 'POST',
      body: JSON.stringify({ action: 'usersync', confirm: 'alpha' }),
    });
    expect(asked.status, await asked.clone().text()).toBe(202);
    const { id } = (await asked.json()) as { id: string };
    const finished = await waitFor(
      'the usersync action to end',
      async () => {
        const action = (await (
          await api(b, orgToken, `/api/v1/orgs/replicas/commons/alpha/cluster/actions/${id}`)
        ).json()) as { state: string; output: string; resultMessage?: string };
        return action.state === 'succeeded' || action.state === 'failed' ? action : false;
      },
      120_000,
      500,
    );
    expect(finished.state).toBe('succeeded');
    expect(finished.output).toContain('usersync finished');
  });

  it('a log reader on B that stops reading stalls the agent’s writes; leaving cancels the stream at the agent', async () => {
    const abort = new AbortController();
    const response = await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/cluster/pods/endless/logs', {
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    // Read a little, then stop reading: credit, TCP and the forward's back-pressure hold the agent.
    await readEvents(response, (events) => events.length >= 5);
    let last = -1;
    const stalledAt = await waitFor(
      'the agent’s writes to stall (no new write for a second)',
      () => {
        const now = endless.writes;
        const stalled = now === last;
        last = now;
        return stalled ? now : false;
      },
      120_000,
      1_000,
    );
    // Held by 64 KiB of credit plus the sockets' buffers between agent, A, B and this reader: a few MiB.
    expect(stalledAt * 1_000).toBeLessThan(50 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(endless.writes - stalledAt).toBeLessThan(5);
    expect(endless.cancelled).toBe(false);
    abort.abort();
    await waitFor('the agent to see its stream cancelled', () => endless.cancelled, 30_000, 50);
  });

  it('an org’s credential on B cannot reach another org’s commons through the forward', async () => {
    const other = await api(b, otherOrgToken, '/api/v1/orgs/replicas/commons/alpha/cluster/workloads');
    expect([403, 404]).toContain(other.status);
    // Its own commons of the same name has no agent anywhere: nothing is forwarded to the first org's.
    const own = await api(b, otherOrgToken, '/api/v1/orgs/replicas-other/commons/alpha/cluster/workloads');
    expect(own.status).toBe(503);
    expect(((await own.json()) as { error: { code: string } }).error.code).toBe('agent_not_connected');
  });

  it('the internal route refuses a request without or with a wrong signature, a replay, and another org’s id', async () => {
    const keyring = new MasterKeyring({ kind: 'config' }, [masterKey]);
    const body: ForwardedAgentRequest = {
      from: 'test',
      orgId: ids.replicas!,
      commonsId: ids['replicas/alpha']!,
      kind: 'workloads.list',
      paramsJson: '{}',
    };
    const send = (signature: string | undefined, payload = body) =>
      fetch(`${a.url}${AGENT_FORWARD_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { [FORWARD_SIGNATURE_HEADER]: signature } : {}),
        },
        body: JSON.stringify(payload),
      });
    const unsigned = await send(undefined);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_replica_signature',
    );
    const otherKey = new MasterKeyring({ kind: 'config' }, [generateMasterKey()]);
    expect((await send(signForwardedRequest(otherKey, body))).status).toBe(401);
    // A user's bearer token is no credential here.
    expect((await send(`Bearer ${orgToken}`)).status).toBe(401);
    // Signed for one body, sent with another.
    expect((await send(signForwardedRequest(keyring, body), { ...body, kind: 'pods.list' })).status).toBe(
      401,
    );

    const signed = signForwardedRequest(keyring, body);
    const answered = await send(signed);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('"result"');
    expect((await send(signed)).status).toBe(401); // the same signature again: a replay

    const crossOrg = { ...body, orgId: ids['replicas-other']! };
    const refused = await (await send(signForwardedRequest(keyring, crossOrg), crossOrg)).text();
    expect(JSON.parse(refused.trim())).toMatchObject({ error: { code: 'commons_not_found' } });
  });

  it('after kill -9 of A, B answers 503 until the agent reconnects to B, then answers itself', async () => {
    const workloadsPath = '/api/v1/orgs/replicas/commons/alpha/cluster/workloads';
    const before = link!.connections();
    a.child.kill('SIGKILL');
    await a.exited;
    // The Service still lists A for a moment (its endpoints update later): the agent's redials fail.
    const gone = await api(b, orgToken, workloadsPath);
    expect(gone.status).toBe(503);
    const error = ((await gone.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('agent_not_connected');
    expect(error.message).toMatch(/replica .* (does not answer|gone)/);
    // Found gone once, the replica counts as gone: the status says so and actions are refused up front.
    const status = (await (await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/agent')).json()) as {
      connected: boolean;
    };
    expect(status.connected).toBe(false);
    const refusedAction = await api(b, orgToken, '/api/v1/orgs/replicas/commons/alpha/cluster/actions', {
      method: 'POST',
      body: JSON.stringify({ action: 'usersync', confirm: 'alpha' }),
    });
    expect(refusedAction.status).toBe(503);

    upstreamPort = b.port; // the Service now sends new connections to B
    const reconnectedAt = await waitFor(
      'B answering the workloads itself',
      async () => ((await api(b, orgToken, workloadsPath)).status === 200 ? Date.now() : false),
      120_000,
      200,
    );
    expect(reconnectedAt).toBeGreaterThan(0);
    expect(link!.connections()).toBeGreaterThan(before);
  });
});

/** A provisioned sim commons row (no cloud run needed: the agent is the only way in). */
async function insertCommons(database: CsocDatabase, orgId: string, name: string): Promise<string> {
  const row = provisionedSimCommonsRow(orgId, name);
  await database.db.insertInto('commons').values(row).execute();
  return row.id;
}
