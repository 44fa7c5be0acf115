// Lets a plugin with no network reach the CSOC state backend: when the host hands it a Unix socket that
// forwards to the backend ($CSOC_STATE_SOCKET, the container runner), a loopback TCP listener relays to
// that socket and the request's state addresses are pointed at the listener, so Terraform's http backend
// (which speaks only TCP) works unchanged.
import { statSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { PluginRequestError } from './readRequest.ts';
import type { PluginRequest, PluginStateBackend } from './requestSchema.ts';

/** Environment variable naming the Unix socket the host forwards to the state backend. */
export const STATE_SOCKET_ENV = 'CSOC_STATE_SOCKET';
/** Environment variable overriding the loopback port of the bridge (0 picks a free one; tests only). */
export const STATE_BRIDGE_PORT_ENV = 'CSOC_STATE_BRIDGE_PORT';
/**
 * The bridge's loopback port. Fixed on purpose: Terraform records the backend address in a saved plan and
 * applies it from there, so the plan's container and the apply's container must use the same address.
 */
export const DEFAULT_STATE_BRIDGE_PORT = 47480;

export interface StateSocketBridge {
  /** The request with its state addresses on the bridge (`http://127.0.0.1:<port>/<same path>`). */
  request: PluginRequest;
  port: number;
  /** Stops listening and drops open connections (the plugin process can then exit). */
  close(): Promise<void>;
}

/** Moves every state address to `origin`, keeping its path and query. */
export function rebaseStateAddresses(state: PluginStateBackend, origin: string): PluginStateBackend {
  const rebase = (address: string): string => {
    const url = new URL(address);
    return `${origin}${url.pathname}${url.search}`;
  };
  return {
    ...state,
    address: rebase(state.address),
    ...(state.lockAddress ? { lockAddress: rebase(state.lockAddress) } : {}),
    ...(state.unlockAddress ? { unlockAddress: rebase(state.unlockAddress) } : {}),
  };
}

function bridgePort(env: NodeJS.ProcessEnv): number {
  const text = env[STATE_BRIDGE_PORT_ENV];
  if (text === undefined || text === '') return DEFAULT_STATE_BRIDGE_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PluginRequestError(
      `${STATE_BRIDGE_PORT_ENV} must be a port number, not ${JSON.stringify(text)}`,
    );
  }
  return port;
}

/**
 * Opens the bridge when `$CSOC_STATE_SOCKET` is set and the request has a state backend; otherwise returns
 * undefined and the request stays as it is. `runPlugin` calls it for every verb.
 *
 * @example
 * const bridge = await openStateSocketBridge(request);
 * try { await work(bridge?.request ?? request); } finally { await bridge?.close(); }
 */
export async function openStateSocketBridge(
  request: PluginRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StateSocketBridge | undefined> {
  const socketPath = env[STATE_SOCKET_ENV];
  if (!socketPath || !request.state) return undefined;
  let isSocket = false;
  try {
    isSocket = statSync(socketPath).isSocket();
  } catch {
    // reported below
  }
  if (!isSocket) {
    throw new PluginRequestError(
      `${STATE_SOCKET_ENV} names ${socketPath}, which is not a socket: the host must mount the state socket there`,
    );
  }

  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = bridgePort(env);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new PluginRequestError(`Cannot open the state bridge on 127.0.0.1:${port}: ${error.message}`)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // Terraform's own process keeps the plugin alive while it needs the bridge; the bridge never does.
  server.unref();
  const actualPort = (server.address() as AddressInfo).port;
  return {
    request: { ...request, state: rebaseStateAddresses(request.state, `http://127.0.0.1:${actualPort}`) },
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        open.clear();
        server.close(() => resolve());
      }),
  };
}
