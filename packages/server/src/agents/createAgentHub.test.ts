// The hub's link upkeep over real WebSockets on a real SQLite database, with short intervals: a silent
// peer is cut after the heartbeat timeout, a socket closes when its credential expires, and the hub skips
// its own ping while the agent's frames keep arriving.
import { newId } from '@csoc/common';
import { LINK_CLOSE_CODES, decodeServerFrame, encodeFrame } from '@csoc/common/agent-protocol';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { waitFor } from '../testing/waitFor.ts';
import type { AgentBinding } from './agentStore.ts';
import { createAgentHub, type AgentHub } from './createAgentHub.ts';

const HEARTBEAT_MS = 200;

describe('the agent hub keeps its links honest', { timeout: 120_000 }, () => {
  let database: CsocDatabase;
  let hub: AgentHub;
  let server: http.Server;
  /** The binding the next upgrade is attached with. */
  let nextBinding: AgentBinding;
  const clients: WebSocket[] = [];

  beforeAll(async () => {
    database = createDatabase({ url: createSqliteTestDatabase(), dataDir: '/nonexistent' });
    await migrateToLatest(database);
    hub = createAgentHub({
      db: database.db,
      logger: pino({ level: 'silent' }),
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
    const sockets = new WebSocketServer({ noServer: true });
    server = http.createServer();
    server.on('upgrade', (request, socket, head) =>
      sockets.handleUpgrade(request, socket, head, (webSocket) => hub.attach(webSocket, nextBinding)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const client of clients) client.terminate();
    await hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });

  /** Connects a peer for a new commons; `frames` collects the types of the frames the hub sends it. */
  async function connect(binding: Partial<AgentBinding> = {}) {
    nextBinding = { agentId: newId(), orgId: newId(), commonsId: newId(), ...binding };
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    clients.push(client);
    const frames: string[] = [];
    const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
      client.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
    );
    client.on('message', (data: Buffer) => {
      const decoded = decodeServerFrame(data);
      if (decoded.ok) frames.push(decoded.frame.type);
    });
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const commonsId = nextBinding.commonsId;
    await waitFor('the hub to hold the peer', () => hub.isConnectedHere(commonsId), 10_000, 10);
    return { client, frames, closed, commonsId, openedAt: Date.now() };
  }

  it('cuts a silent peer after the heartbeat timeout, and keeps one that answers its pings', async () => {
    const silent = await connect();
    const answering = await connect();
    answering.client.on('message', (data: Buffer) => {
      const decoded = decodeServerFrame(data);
      if (decoded.ok && decoded.frame.type === 'ping') answering.client.send(encodeFrame({ type: 'pong' }));
    });
    const cut = await silent.closed;
    // Three intervals without a frame, noticed at the next heartbeat tick.
    expect(cut.at - silent.openedAt).toBeGreaterThanOrEqual(HEARTBEAT_MS * 3);
    expect(silent.frames.filter((type) => type === 'ping').length).toBeGreaterThanOrEqual(1);
    expect(hub.isConnectedHere(silent.commonsId)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 8));
    expect(answering.client.readyState).toBe(WebSocket.OPEN);
    expect(hub.isConnectedHere(answering.commonsId)).toBe(true);
    await expect(hub.request(silent.commonsId, 'workloads.list', {})).rejects.toMatchObject({
      code: 'agent_not_connected',
    });
  });

  it('closes a socket when the credential it was opened with expires (4003), so the agent renews', async () => {
    const expiresAt = Date.now() + 400;
    const peer = await connect({ credentialExpiresAt: new Date(expiresAt).toISOString() });
    // It stays busy (pinging) so nothing but the credential can end it.
    const keepAlive = setInterval(() => peer.client.send(encodeFrame({ type: 'ping' })), HEARTBEAT_MS / 2);
    const closed = await peer.closed;
    clearInterval(keepAlive);
    expect(closed.code).toBe(LINK_CLOSE_CODES.credentialExpired);
    expect(closed.reason).toMatch(/credential expired/);
    expect(closed.at).toBeGreaterThanOrEqual(expiresAt - 5);
    expect(hub.isConnectedHere(peer.commonsId)).toBe(false);
  });

  it('sends no ping of its own while the agent’s frames keep arriving (pongs only)', async () => {
    const busy = await connect();
    const keepAlive = setInterval(() => busy.client.send(encodeFrame({ type: 'ping' })), HEARTBEAT_MS / 4);
    const quiet = await connect();
    quiet.client.on('message', (data: Buffer) => {
      const decoded = decodeServerFrame(data);
      if (decoded.ok && decoded.frame.type === 'ping') quiet.client.send(encodeFrame({ type: 'pong' }));
    });
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 10));
    clearInterval(keepAlive);
    expect(busy.frames.filter((type) => type === 'pong').length).toBeGreaterThanOrEqual(10);
    // At most one tick may find the busy link quiet on a loaded machine; the quiet one is pinged every tick.
    expect(busy.frames.filter((type) => type === 'ping').length).toBeLessThanOrEqual(1);
    expect(quiet.frames.filter((type) => type === 'ping').length).toBeGreaterThanOrEqual(3);
  });
});
