// 1,000 csoc-agents connected to one CSOC (issue 18's benchmark). Three processes, so that what is measured
// is CSOC's alone: CSOC itself (`npm start`'s command, SQLite, background loops off), the agent fleet
// (bench/agentsLoad.child.ts: real createAgentLink links answering workloads.list from memory) and this
// one, which creates the commons and join tokens through the API, reads CSOC's RSS and CPU time from
// /proc/<pid>, and sends the measured requests. Prints:
// - how long creating the commons and their join tokens took, and enrolling + connecting the fleet;
// - CSOC's RSS before and after the fleet connects (memory per connection = the delta / agents);
// - CSOC's CPU, as a share of one core, while idle without agents and while the fleet only heartbeats;
// - GET …/cluster/workloads through an agent (route → hub → WebSocket → agent handler → back), p50/p99,
//   next to GET …/commons/{commons} (a plain authenticated route reading one row, JSON of similar size),
//   the two interleaved so they see the same machine.
// Settings: CSOC_BENCH_AGENTS (1000), CSOC_BENCH_AGENTS_IDLE_SECONDS (60), CSOC_BENCH_AGENTS_REQUESTS (3000).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { findFreePort } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { printTable, round } from './benchKit.ts';

const AGENTS = Number(process.env.CSOC_BENCH_AGENTS ?? 1000);
const IDLE_SECONDS = Number(process.env.CSOC_BENCH_AGENTS_IDLE_SECONDS ?? 60);
const REQUESTS = Number(process.env.CSOC_BENCH_AGENTS_REQUESTS ?? 3000);
const ORG = 'agent-bench';
const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const READY_TIMEOUT_MS = 180_000;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const progress = (message: string) =>
  console.log(`[agents ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadAverage = () => os.loadavg()[0]!.toFixed(1);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Resident set of a process, in bytes (VmRSS of /proc/<pid>/status). */
function residentBytes(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line!.split(/\s+/)[1]) * 1024;
}

/** User + system CPU time of a process so far, in seconds (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function cpuShareOver(pid: number, seconds: number): Promise<number> {
  const cpuBefore = cpuSeconds(pid);
  const wallBefore = performance.now();
  await sleep(seconds * 1000);
  return (cpuSeconds(pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
}

async function startCsocProcess(): Promise<{
  url: string;
  child: ChildProcess;
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}> {
  const port = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-agents-'));
  const preload = path.join(import.meta.dirname, 'memoryOnSignal.preload.ts');
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', preload, 'packages/server/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CSOC_PORT: String(port),
        CSOC_DATA_DIR: dataDir,
        CSOC_DATABASE_URL: `sqlite:${path.join(dataDir, 'csoc.db')}`,
        CSOC_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
        CSOC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        CSOC_LOG_LEVEL: 'warn',
        CSOC_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        // Nothing but the agents should move CSOC's CPU while it is measured.
        CSOC_WORKER: 'off',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
        CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const memoryReports: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    for (const match of chunk.toString().matchAll(/^memory (\{.*\})$/gm)) memoryReports.push(match[1]!);
  });
  /** CSOC's memory right after a full garbage collection (bench/memoryOnSignal.preload.ts). */
  const memoryAfterGc = async (): Promise<NodeJS.MemoryUsage> => {
    const seen = memoryReports.length;
    child.kill('SIGUSR2');
    const deadline = Date.now() + 60_000;
    while (memoryReports.length === seen) {
      if (Date.now() > deadline) throw new Error('CSOC did not report its memory within 60 s');
      await sleep(50);
    }
    return JSON.parse(memoryReports[seen]!) as NodeJS.MemoryUsage;
  };
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const started = performance.now();
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`CSOC exited ${child.exitCode} before ready: ${stderr}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { url, child, memoryAfterGc, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`CSOC was not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`);
}

/**
 * A GET on one kept-alive connection with the session cookie: node:http rather than fetch, so the client's
 * own cost is small next to what is measured, and a request that never answers fails the run (timeout).
 */
function sessionGetter(baseUrl: string, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (pathname: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.get(`${baseUrl}${pathname}`, { agent, headers: { cookie } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      });
      request.setTimeout(30_000, () => request.destroy(new Error(`GET ${pathname}: no answer in 30 s`)));
      request.on('error', reject);
    });
}

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

async function expectOk<T>(what: string, response: Promise<{ status: number; body: T; text: string }>) {
  const settled = await response;
  if (settled.status >= 300) throw new Error(`${what}: HTTP ${settled.status} ${settled.text.slice(0, 300)}`);
  return settled.body;
}

/** Starts the agent fleet, hands it the join tokens, and resolves once every agent is connected. */
async function connectFleet(csocUrl: string, tokens: string[]) {
  const fleet = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'agentsLoad.child.ts')],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let buffered = '';
  const nextLine = (timeoutMs: number) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = setInterval(() => {
        const line = lines.shift();
        if (line !== undefined) {
          clearInterval(poll);
          resolve(JSON.parse(line) as Record<string, number>);
        } else if (fleet.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`the agent fleet exited with ${fleet.exitCode}`));
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          fleet.kill();
          reject(new Error(`the agent fleet said nothing for ${timeoutMs / 1000} s`));
        }
      }, 50);
    });
  fleet.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  fleet.stdin!.write(`${JSON.stringify({ csocUrl, tokens })}\n`);
  const connected = await nextLine(900_000);
  return {
    connected,
    async stop() {
      fleet.stdin!.end();
      const summary = await nextLine(120_000);
      await new Promise((resolve) => (fleet.exitCode !== null ? resolve(null) : fleet.once('exit', resolve)));
      return summary;
    },
  };
}

export async function benchAgents(): Promise<void> {
  const loadBefore = loadAverage();
  const csoc = await startCsocProcess();
  const pid = csoc.child.pid!;
  try {
    const admin = new ApiClient(csoc.url);
    const session = await admin.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const get = sessionGetter(
      csoc.url,
      session.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; '),
    );
    await expectOk('creating the org', admin.post('/api/v1/orgs', { slug: ORG, name: 'Agent fleet' }));
    await createSimAccount(admin, ORG);
    progress(`CSOC (pid ${pid}) ready; creating ${AGENTS} commons`);

    const names = Array.from({ length: AGENTS }, (_, index) => `a${String(index).padStart(4, '0')}`);
    let started = performance.now();
    await inParallel(names, 4, (name) =>
      expectOk(
        `creating commons ${name}`,
        admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name)),
      ),
    );
    const commonsSeconds = (performance.now() - started) / 1000;
    progress(`${AGENTS} commons created in ${round(commonsSeconds, 1)} s; creating join tokens`);
    started = performance.now();
    const tokens = await inParallel(names, 4, async (name) => {
      const issued = await expectOk(
        `creating the join token of ${name}`,
        admin.post<{ token: string }>(`/api/v1/orgs/${ORG}/commons/${name}/agent/join-token`, {}),
      );
      return issued.token;
    });
    const tokenSeconds = (performance.now() - started) / 1000;
    admin.transcript.length = 0; // the join tokens: this client would otherwise keep every response
    progress(`${AGENTS} join tokens created in ${round(tokenSeconds, 1)} s; measuring CSOC without agents`);

    // What CSOC holds and spends before any agent: settled after the bulk creation.
    await sleep(10_000);
    const before = await csoc.memoryAfterGc();
    const idleCpuWithoutAgents = await cpuShareOver(pid, Math.min(30, IDLE_SECONDS));

    progress(`connecting ${AGENTS} agents`);
    const fleet = await connectFleet(csoc.url, tokens);
    const connectSeconds = fleet.connected.seconds!;
    progress(
      `${AGENTS} agents connected in ${round(connectSeconds, 1)} s; measuring ${IDLE_SECONDS} s of heartbeats`,
    );
    await sleep(10_000);
    const connected = await csoc.memoryAfterGc();
    const loadAtIdle = loadAverage();
    const heartbeatCpu = await cpuShareOver(pid, IDLE_SECONDS);
    const rssAfterIdle = residentBytes(pid);

    // Interleaved, one at a time, across the fleet: through the agent, then the plain route.
    const throughAgent: number[] = [];
    const direct: number[] = [];
    let agentBytes = 0;
    let directBytes = 0;
    const loadAtRequests = loadAverage();
    progress(`sending ${REQUESTS} requests through the agents and ${REQUESTS} to the plain route`);
    for (let index = 0; index < REQUESTS; index++) {
      const name = names[index % names.length]!;
      let start = performance.now();
      const viaAgent = await get(`/api/v1/orgs/${ORG}/commons/${name}/cluster/workloads`);
      throughAgent.push(performance.now() - start);
      if (viaAgent.status !== 200)
        throw new Error(`workloads of ${name}: ${viaAgent.status} ${viaAgent.text}`);
      agentBytes = viaAgent.text.length;
      start = performance.now();
      const plain = await get(`/api/v1/orgs/${ORG}/commons/${name}`);
      direct.push(performance.now() - start);
      if (plain.status !== 200) throw new Error(`commons ${name}: ${plain.status} ${plain.text}`);
      directBytes = plain.text.length;
    }
    throughAgent.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);

    const summary = await fleet.stop();
    await sleep(10_000);
    const disconnected = await csoc.memoryAfterGc();
    const MiB = 1024 * 1024;
    const held = (memory: NodeJS.MemoryUsage) => memory.heapUsed + memory.external;
    const perAgentKiB = (bytes: number) => round(bytes / AGENTS / 1024, 1);
    printTable(
      `csoc-agent fleet: ${AGENTS} agents on one CSOC (SQLite; load average ${loadBefore} before, ${loadAtIdle} at idle, ${loadAtRequests} before the requests)`,
      [
        {
          figure: `create ${AGENTS} commons through the API (4 at a time), s`,
          value: round(commonsSeconds, 1),
        },
        {
          figure: `create ${AGENTS} join tokens through the API (4 at a time), s`,
          value: round(tokenSeconds, 1),
        },
        {
          figure: `enrol + credential + connect ${AGENTS} agents (25 at a time), s`,
          value: round(connectSeconds, 1),
        },
        {
          figure: 'CSOC after a full GC: RSS / heap used + external, MiB — before the fleet',
          value: `${round(before.rss / MiB, 1)} / ${round(held(before) / MiB, 1)}`,
        },
        {
          figure: '… with the fleet connected',
          value: `${round(connected.rss / MiB, 1)} / ${round(held(connected) / MiB, 1)}`,
        },
        {
          figure: `… after ${IDLE_SECONDS} s of heartbeats, without GC (RSS)`,
          value: round(rssAfterIdle / MiB, 1),
        },
        {
          figure: '… 10 s after the fleet disconnected',
          value: `${round(disconnected.rss / MiB, 1)} / ${round(held(disconnected) / MiB, 1)}`,
        },
        {
          figure: 'memory per connection: RSS delta / agents, KiB',
          value: perAgentKiB(connected.rss - before.rss),
        },
        {
          figure: 'memory per connection: heap + external delta / agents, KiB',
          value: perAgentKiB(held(connected) - held(before)),
        },
        {
          figure: 'left behind per agent after it disconnected (heap + external), KiB',
          value: perAgentKiB(held(disconnected) - held(before)),
        },
        {
          figure: `CSOC CPU idle, no agents (${Math.min(30, IDLE_SECONDS)} s), share of one core`,
          value: round(idleCpuWithoutAgents, 4),
        },
        {
          figure: `CSOC CPU idle heartbeat, ${AGENTS} agents (${IDLE_SECONDS} s), share of one core`,
          value: round(heartbeatCpu, 4),
        },
        {
          figure: `GET …/cluster/workloads through the agent (${agentBytes} B) p50, ms`,
          value: round(percentile(throughAgent, 0.5), 2),
        },
        {
          figure: 'GET …/cluster/workloads through the agent p99, ms',
          value: round(percentile(throughAgent, 0.99), 2),
        },
        {
          figure: `GET …/commons/{commons}, plain route (${directBytes} B) p50, ms`,
          value: round(percentile(direct, 0.5), 2),
        },
        { figure: 'GET …/commons/{commons}, plain route p99, ms', value: round(percentile(direct, 0.99), 2) },
        {
          figure: `agents still connected at the end (of ${AGENTS}); reconnects`,
          value: `${summary.stillConnected}; ${summary.extraConnections}`,
        },
      ],
    );
  } finally {
    await csoc.stop();
  }
}
