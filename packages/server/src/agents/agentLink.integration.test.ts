// Issue 18's link acceptance on a real CSOC (SQLite; the store's SQL runs on both databases in
// agentStore.test.ts) with the real csoc-agent link code over a real WebSocket. The agent answers with
// small in-memory handlers written here; the Kubernetes handlers are tested in packages/agent.
import {
  createAgentLink,
  createFileIdentityStore,
  fetchCredential,
  enrolAgent as enrolOverHttp,
  type AgentLink,
  type AgentRequestHandlers,
} from '@csoc/agent';
import { AGENT_CONNECT_PATH, LINK_CLOSE_CODES, MAX_FRAME_BYTES } from '@csoc/common/agent-protocol';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { waitFor } from '../testing/waitFor.ts';
import type { ApiClient } from '../testing/ApiClient.ts';

const ORG = 'agent-org';
const OTHER_ORG = 'agent-other-org';
const WORKLOADS = {
  workloads: [
    {
      kind: 'Deployment' as const,
      name: 'fence',
      ready: 2,
      desired: 2,
      images: ['quay.io/cdis/fence:2025.06'],
    },
  ],
};

/** Test handlers: fixed workloads; logs of pod `short` end, `endless-*` write until cancelled. */
function testHandlers(state: {
  writesWaiting: Map<string, number>;
  cancelled: Set<string>;
}): AgentRequestHandlers {
  return {
    'workloads.list': async () => WORKLOADS,
    'logs.stream': async (params, ctx) => {
      if (params.pod === 'short') {
        for (let line = 1; line <= 3; line++) await ctx.write(`line ${line}\n`);
        return { ended: 'eof' };
      }
      let line = 0;
      while (!ctx.signal.aborted) {
        state.writesWaiting.set(params.pod, (state.writesWaiting.get(params.pod) ?? 0) + 1);
        try {
          await ctx.write(`${params.pod} line ${++line} ${'x'.repeat(1000)}\n`);
        } catch {
          break;
        } finally {
          state.writesWaiting.set(params.pod, state.writesWaiting.get(params.pod)! - 1);
        }
        if (params.pod.startsWith('slow-')) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      state.cancelled.add(params.pod);
      return { ended: 'cancelled' };
    },
  };
}

/** Reads server-sent events from a fetch response until `until` says stop. */
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
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown;
      events.push({ event, data });
    }
  }
  return { events, reader };
}

describe('csoc-agent link', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  let viewer: ApiClient;
  /** The viewer's API token, for streaming reads with plain fetch. */
  let viewerToken: string;
  let link: AgentLink | undefined;
  const commonsIds: Record<string, string> = {};
  const handlerState = { writesWaiting: new Map<string, number>(), cancelled: new Set<string>() };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-link-'));
  const secrets: string[] = [];

  async function createCommons(org: string, name: string) {
    const created = await csoc.admin.post(`/api/v1/orgs/${org}/commons`, simCommonsDocument(name));
    expect(created.status, created.text).toBe(201);
    commonsIds[name] = created.body.id;
  }

  async function joinToken(org: string, commons: string): Promise<string> {
    const response = await csoc.admin.post(`/api/v1/orgs/${org}/commons/${commons}/agent/join-token`, {});
    expect(response.status, response.text).toBe(201);
    secrets.push(response.body.token);
    return response.body.token as string;
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: createSqliteTestDatabase() });
    await ensureOrg(csoc, ORG);
    await ensureOrg(csoc, OTHER_ORG);
    await createSimAccount(csoc.admin, ORG);
    await createSimAccount(csoc.admin, OTHER_ORG);
    await createCommons(ORG, 'alpha');
    await createCommons(ORG, 'beta');
    await createCommons(OTHER_ORG, 'gamma');
    viewer = await createSignedInUser(csoc, 'viewer@agent.example.org', ORG, 'viewer');
    const token = await viewer.post(`/api/v1/orgs/${ORG}/tokens`, { name: 'log-reader', role: 'viewer' });
    expect(token.status, token.text).toBe(201);
    viewerToken = token.body.token;
  });
  afterAll(async () => {
    await link?.stop();
    await csoc?.stop();
  });

  it('a viewer cannot create join tokens or revoke; an org admin enrols the agent and it connects', async () => {
    expect((await viewer.post(`/api/v1/orgs/${ORG}/commons/alpha/agent/join-token`, {})).status).toBe(403);
    expect((await viewer.delete(`/api/v1/orgs/${ORG}/commons/alpha/agent`)).status).toBe(403);
    const token = await joinToken(ORG, 'alpha');
    const tokenFile = path.join(tmp, 'join-token');
    fs.writeFileSync(tokenFile, `${token}\n`);
    link = createAgentLink({
      csocUrl: csoc.url,
      identityStore: createFileIdentityStore(path.join(tmp, 'identity.json')),
      readJoinToken: async () => fs.readFileSync(tokenFile, 'utf8'),
      handlers: testHandlers(handlerState),
      version: '0.1.0-test',
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
    const status = await waitFor('the agent to connect', async () => {
      const response = await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/agent`);
      return response.body.connected ? response.body : undefined;
    });
    expect(status).toMatchObject({ enrolled: true, status: 'active', version: '0.1.0-test' });
    expect(status.lastSeenAt).toBeTruthy();
    // The join token was burned: a second enrolment with it is refused.
    const again = await csoc.anonymous().post('/api/v1/agent/enrol', {
      joinToken: token,
      publicKeyPem:
        '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_join_token');
  });

  it('a viewer reads the workloads through the agent; other commons and other orgs are not reachable', async () => {
    const workloads = await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`);
    expect(workloads.status, workloads.text).toBe(200);
    expect(workloads.body).toEqual(WORKLOADS);
    const beta = await viewer.get(`/api/v1/orgs/${ORG}/commons/beta/cluster/workloads`);
    expect(beta.status).toBe(503);
    expect(beta.body.error.code).toBe('agent_not_connected');
    expect((await csoc.admin.get(`/api/v1/orgs/${OTHER_ORG}/commons/gamma/cluster/workloads`)).status).toBe(
      503,
    );
    // The viewer is not in the other org at all.
    expect((await viewer.get(`/api/v1/orgs/${OTHER_ORG}/commons/gamma/cluster/workloads`)).status).toBe(404);
    // A kind the agent has no handler for comes back as a clear error, not a hang.
    const pods = await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/pods`);
    expect(pods.status).toBe(503);
    expect(pods.body.error.code).toBe('agent_unknown_kind');
  });

  it("the agent's credential is bound to its agent: it opens no user API and no other commons", async () => {
    const identity = JSON.parse(fs.readFileSync(path.join(tmp, 'identity.json'), 'utf8'));
    const { credential } = await fetchCredential(identity);
    secrets.push(credential);
    const asUser = await fetch(`${csoc.url}/api/v1/orgs/${ORG}/commons`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(asUser.status).toBe(401);
    const otherOrg = await fetch(`${csoc.url}/api/v1/orgs/${OTHER_ORG}/commons/gamma/cluster/workloads`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(otherOrg.status).toBe(401);
    // Renewal replaced the link's own credential: the link still serves (its socket stays), and reconnects later
    // with a fresh one.
    expect((await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`)).status).toBe(200);
  });

  it('streams a pod log as server-sent events', async () => {
    const viaClient = await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/pods/short/logs`);
    expect(viaClient.status).toBe(200);
    expect(viaClient.text).toContain('event: log\ndata: "line 1\\n"');
    expect(viaClient.text).toContain('event: end\ndata: {"ended":"eof"}');
  });

  it('many concurrent log streams on one connection do not block each other; a stalled reader stalls only its own', async () => {
    const hub = csoc.context.agentHub;
    const stalled = new AbortController();
    let stalledChunks = 0;
    const stalledRequest = hub.request(
      commonsIds.alpha!,
      'logs.stream',
      { pod: 'endless-stalled', follow: true },
      { signal: stalled.signal, onChunk: () => ((stalledChunks += 1), new Promise<void>(() => {})) },
    );
    stalledRequest.catch(() => {});
    const readers = Array.from({ length: 20 }, (_, index) => {
      const abort = new AbortController();
      let bytes = 0;
      const done = hub
        .request(
          commonsIds.alpha!,
          'logs.stream',
          { pod: `endless-${index}`, follow: true },
          {
            signal: abort.signal,
            onChunk: (chunk) => {
              bytes += chunk.length;
              if (bytes > 200_000) abort.abort();
            },
          },
        )
        .catch((error: Error) => error.message);
      return done;
    });
    // Every other reader got past 200 kB (more than three times the initial credit) while one never read.
    expect(await Promise.all(readers)).toEqual(Array(20).fill('the request was cancelled'));
    // The stalled stream's handler sits in write(), waiting for credit; it got exactly one chunk delivered.
    expect(stalledChunks).toBe(1);
    expect(handlerState.writesWaiting.get('endless-stalled')).toBe(1);
    stalled.abort();
    await waitFor('the stalled handler to see the cancel', () =>
      handlerState.cancelled.has('endless-stalled'),
    );
    await waitFor('the readers to be cancelled too', () =>
      Array.from({ length: 20 }, (_, index) => handlerState.cancelled.has(`endless-${index}`)).every(Boolean),
    );
  });

  it('a lost connection ends an in-flight log stream with "agent disconnected", then the agent reconnects', async () => {
    const before = link!.connections();
    const response = await fetch(
      `${csoc.url}/api/v1/orgs/${ORG}/commons/alpha/cluster/pods/slow-follow/logs?follow=true`,
      {
        headers: { authorization: `Bearer ${viewerToken}` },
      },
    );
    expect(response.status).toBe(200);
    const first = await readEvents(response, (events) => events.length >= 1);
    expect(first.events[0]!.event).toBe('log');
    // The network drops: CSOC's side of the socket dies without a close handshake.
    const identity = JSON.parse(fs.readFileSync(path.join(tmp, 'identity.json'), 'utf8'));
    expect(csoc.context.agentHub.disconnectAgent(identity.agentId, 1012, 'test: network lost')).toBe(true);
    const rest = await readEvents(
      new Response(
        new ReadableStream({
          pull: async (controller) => {
            const { value, done } = await first.reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          },
        }),
      ),
      (events) => events.some((event) => event.event === 'error'),
    );
    const error = rest.events.find((event) => event.event === 'error');
    expect(error?.data).toMatchObject({ code: 'agent_disconnected' });
    expect((error?.data as { message: string }).message).toMatch(/agent disconnected/);
    await waitFor(
      'the agent to reconnect',
      () => link!.connections() > before && csoc.context.agentHub.isConnectedHere(commonsIds.alpha!),
    );
    expect((await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`)).body).toEqual(WORKLOADS);
  });

  it('a credential that expires while its socket is open closes the socket; the agent renews it and reconnects', async () => {
    const db = csoc.context.database.db;
    const before = link!.connections();
    const agent = await db
      .selectFrom('agents')
      .select('id')
      .where('commons_id', '=', commonsIds.alpha!)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    // As if the credential's 15 minutes were nearly over: CSOC now holds it to expire in a second and a half.
    await db
      .updateTable('agents')
      .set({ credential_expires_at: new Date(Date.now() + 1_500).toISOString() })
      .where('id', '=', agent.id)
      .execute();
    // The agent redials with it, so the hub learns of the near expiry when it accepts the socket.
    csoc.context.agentHub.disconnectAgent(agent.id, LINK_CLOSE_CODES.replaced, 'redial (test)');
    await waitFor('the agent to redial with the expiring credential', () => link!.connections() > before);
    await waitFor(
      'the socket to close at the expiry and the agent to return with a renewed credential',
      async () => {
        const row = await db
          .selectFrom('agents')
          .select('credential_expires_at')
          .where('id', '=', agent.id)
          .executeTakeFirstOrThrow();
        return (
          link!.connections() >= before + 2 &&
          csoc.context.agentHub.isConnectedHere(commonsIds.alpha!) &&
          Date.parse(row.credential_expires_at!) > Date.now() + 10 * 60_000
        );
      },
      60_000,
    );
    expect((await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`)).body).toEqual(WORKLOADS);
  });

  it('garbage and oversized frames close only the sending agent', async () => {
    const dialRawAgent = async () => {
      const identity = await enrolOverHttp({ csocUrl: csoc.url, joinToken: await joinToken(ORG, 'beta') });
      const { credential } = await fetchCredential(identity);
      const ws = new WebSocket(`${csoc.url.replace(/^http/, 'ws')}${AGENT_CONNECT_PATH}`, {
        headers: { authorization: `Bearer ${credential}` },
        maxPayload: MAX_FRAME_BYTES,
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      return { ws, closed };
    };
    const garbage = await dialRawAgent();
    garbage.ws.send('this is not json');
    expect(await garbage.closed).toEqual({ code: 1003, reason: 'frame is not JSON' });
    const unknown = await dialRawAgent();
    unknown.ws.send(JSON.stringify({ type: 'exec', command: 'cat /etc/shadow' }));
    expect(await unknown.closed).toMatchObject({ code: 1008, reason: 'unknown frame type "exec"' });
    const oversized = await dialRawAgent();
    oversized.ws.send(JSON.stringify({ type: 'pong', padding: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect((await oversized.closed).code).toBe(1009);
    // Alpha's agent never noticed.
    expect((await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`)).status).toBe(200);
    // Without a credential there is no socket at all.
    const anonymous = new WebSocket(`${csoc.url.replace(/^http/, 'ws')}${AGENT_CONNECT_PATH}`);
    const refused = await new Promise<number>((resolve) =>
      anonymous.once('unexpected-response', (_req, res) => resolve(res.statusCode!)),
    );
    expect(refused).toBe(401);
    anonymous.on('error', () => {});
    anonymous.terminate();
  });

  it('revocation cuts the agent off at once; it gets no new credential; every step is audited without secrets', async () => {
    const revoked = await csoc.admin.delete(`/api/v1/orgs/${ORG}/commons/alpha/agent`);
    expect(revoked.status, revoked.text).toBe(204);
    // Closed by the request that revoked it, before the answer left.
    expect(await csoc.context.agentHub.isConnected(commonsIds.alpha!)).toBe(false);
    await expect(link!.done).rejects.toMatchObject({ code: 'agent_revoked' });
    expect(fs.existsSync(path.join(tmp, 'identity.json'))).toBe(false);
    const status = await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/agent`);
    expect(status.body).toMatchObject({ enrolled: false, status: 'revoked', connected: false });
    expect((await viewer.get(`/api/v1/orgs/${ORG}/commons/alpha/cluster/workloads`)).status).toBe(503);

    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=100`);
    expect(audit.status, audit.text).toBe(200);
    const events = audit.body.items as Array<{ action: string; target: string; outcome: string }>;
    const about = (action: string, target: string) =>
      events.filter(
        (event) => event.action === action && event.target.endsWith(target) && event.outcome === 'success',
      );
    expect(about('agent.manage', 'commons/alpha/agent/join-token').length).toBeGreaterThan(0);
    expect(about('public', 'commons/alpha/agent').length).toBeGreaterThan(0);
    expect(about('agent.manage', 'commons/alpha/agent').length).toBe(1);
    const everything = JSON.stringify(audit.body) + csoc.capturedOutput();
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
