// An HTTP(S) proxy that forwards nothing: it records the host of every request Terraform's provider tries
// to send and refuses it. Pointing HTTPS_PROXY at it proves a plan made no call to AWS.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** `host:port` of every CONNECT (HTTPS) and the host of every plain HTTP request, in order. */
  hosts: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const hosts: string[] = [];
  const server = createServer((request, response) => {
    hosts.push(request.headers.host ?? request.url ?? '?');
    response.writeHead(403).end('refused by the test proxy');
  });
  server.on('connect', (request, socket) => {
    hosts.push(request.url ?? '?');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hosts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
