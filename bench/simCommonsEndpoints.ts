// The public /_status endpoints of N SIMULATED commons, in a process of their own so a benchmark counts only
// CSOC's CPU. Answers /sim/<org>/<commons>/[<prefix>/]_status like the simulator (200, or 500 while a
// commons is in the failing set) and /argocd/<org>/api/v1/applications with no application. The failing set
// flips every FLAP_MS: commons whose number is below FLAPPING fail during odd periods.
// `node --import tsx bench/simCommonsEndpoints.ts` prints `listening <url>` on stdout.
import http from 'node:http';

const flapping = Number(process.env.FLAPPING ?? 0);
const flapMs = Number(process.env.FLAP_MS ?? 30_000);

const server = http.createServer((request, response) => {
  const url = request.url ?? '/';
  if (url.startsWith('/argocd/')) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"items":[]}');
    return;
  }
  const match = /^\/sim\/[^/]+\/c(\d+)\/(?:[^/]+\/)?_status$/.exec(url);
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  const failing = Number(match[1]) < flapping && Math.floor(Date.now() / flapMs) % 2 === 1;
  response.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
  response.end(failing ? '{"status":"unhealthy","simulated":true}' : '{"status":"healthy","simulated":true}');
});
// As Gen3's nginx front door (keepalive_timeout 65 in the gen3 chart's nginx.conf): a prober may reuse its
// connections between rounds.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
