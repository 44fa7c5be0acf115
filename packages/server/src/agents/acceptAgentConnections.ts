// The WebSocket endpoint agents dial (GET /api/v1/agent/connect): `ws` in noServer mode on the HTTP
// server's 'upgrade' event, so the upgrade is authenticated (bearer credential) before any frame flows,
// and each message is capped at 256 KiB by ws itself (larger: closed with 1009).
import { AGENT_CONNECT_PATH, AGENT_VERSION_HEADER, MAX_FRAME_BYTES } from '@csoc/common/agent-protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Database } from '../db/schema.ts';
import { authenticateAgentCredential } from './agentStore.ts';
import type { AgentHub } from './createAgentHub.ts';

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts accepting agent connections on `server`; returns a function that stops it. */
export function acceptAgentConnections(options: {
  server: Server;
  db: Kysely<Database>;
  hub: AgentHub;
  logger: Logger;
}): () => void {
  const { server, db, hub, logger } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', 'http://csoc.invalid').pathname;
    if (pathname !== AGENT_CONNECT_PATH) {
      // Another listener may own this path; with none, the socket would hang.
      if (server.listenerCount('upgrade') === 1)
        refuseUpgrade(
          socket,
          404,
          'not_found',
          `No WebSocket endpoint at ${pathname}; agents dial ${AGENT_CONNECT_PATH}.`,
        );
      return;
    }
    socket.on('error', () => socket.destroy());
    authenticateAgentCredential(db, request.headers.authorization)
      .then((binding) => {
        const version = request.headers[AGENT_VERSION_HEADER];
        sockets.handleUpgrade(request, socket, head, (webSocket) => {
          hub.attach(webSocket, binding, typeof version === 'string' ? version.slice(0, 64) : undefined);
        });
      })
      .catch((error: unknown) => {
        const known = error instanceof Error && 'code' in error;
        if (!known) logger.error({ err: error }, 'could not authenticate an agent connection');
        refuseUpgrade(
          socket,
          401,
          known ? String((error as { code: string }).code) : 'unauthenticated',
          known ? (error as Error).message : 'The agent could not be authenticated.',
        );
      });
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    sockets.close();
  };
}
