// What a forwarded agent request costs (ADR 0079): two `csoc-server` processes on one throwaway PostgreSQL,
// one csoc-agent (the real createAgentLink, answering workloads.list from memory with 22 Gen3-sized
// workloads and logs.stream with 4 MiB of lines) connected to A. Interleaved one by one on kept-alive
// connections: the workloads asked on A (the agent's socket is there) and on B (carried to A), and a plain
// route on B as the floor; then a 4 MiB pod log read through A and through B.
import { createAgentLink, type AgentRequestHandlers } from '@csoc/agent';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { generateMasterKey } from '@csoc/server/internal/credentials/masterKeyring.ts';
import { createDatabase } from '@csoc/server/internal/db/createDatabase.ts';
import { checkoutRoot } from '@csoc/server/testing/copyCheckout.ts';
import { signIn } from '@csoc/server/testing/retryingLoadClient.ts';
import { spawnCsocServer, type CsocServerProcess } from '@csoc/server/testing/spawnCsocServer.ts';
import { startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { printTable, round } from './benchKit.ts';
import { provisionedSimCommonsRow } from '@csoc/server/testing/simCommons.ts';

const REQUESTS = Number(process.env.CSOC_BENCH_REPLICA_REQUESTS ?? 1500);
const LOG_BYTES = 4 * 1024 * 1024;
const ADMIN = { email: 'admin@bench-replicas.test', password: 'bench-replicas-password-123' };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const loadAverage = () => round(os.loadavg()[0]!, 1);

const WORKLOADS = {
  workloads: Array.from({ length: 22 }, (_, index) => ({
    kind: 'Deployment' as const,
    name: `service-${index}`,
    ready: 2,
    desired: 2,
    images: [`quay.io/cdis/service-${index}:2025.06`],
  })),
};

const handlers: AgentRequestHandlers = {
  'workloads.list': async () => WORKLOADS,
  'logs.stream': async (_params, ctx) => {
    const line = `${'x'.repeat(1023)}\n`;
    for (let sent = 0; sent < LOG_BYTES && !ctx.signal.aborted; sent += line.length * 16)
      await ctx.write(line.repeat(16));
    return { ended: 'eof' };
  },
};

function getter(baseUrl: string, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (pathname: string) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const request = http.get(`${baseUrl}${pathname}`, { agent, headers: { cookie } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on('error', reject);
      });
      request.setTimeout(60_000, () => request.destroy(new Error(`GET ${pathname}: no answer in 60 s`)));
      request.on('error', reject);
    });
}

export async function benchAgentReplicas(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-replicas-'));
  const postgres = await startThrowawayPostgres();
  const processes: CsocServerProcess[] = [];
  let link: ReturnType<typeof createAgentLink> | undefined;
  try {
    const env = {
      CSOC_DATABASE_URL: postgres.url,
      CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
      CSOC_ADMIN_EMAIL: ADMIN.email,
      CSOC_ADMIN_PASSWORD: ADMIN.password,
      CSOC_WORKER: 'off',
      CSOC_LOG_LEVEL: 'warn',
      CSOC_SIM_ARGOCD: 'off',
    };
    for (let index = 0; index < 2; index++) {
      const started = await spawnCsocServer(checkoutRoot, {
        ...env,
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
      });
      processes.push(started);
      await started.ready(400_000);
    }
    const [a, b] = processes as [CsocServerProcess, CsocServerProcess];
    const session = await signIn(a.url, ADMIN.email, ADMIN.password);
    const created = await fetch(`${a.url}/api/v1/orgs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: JSON.stringify({ slug: 'bench', name: 'bench' }),
    });
    const orgId = ((await created.json()) as { id: string }).id;
    const database = createDatabase({ url: postgres.url, dataDir: fs.mkdtempSync(path.join(dir, 'db-')) });
    await database.db.insertInto('commons').values(provisionedSimCommonsRow(orgId, 'alpha')).execute();
    await database.close();
    const joinToken = await fetch(`${a.url}/api/v1/orgs/bench/commons/alpha/agent/join-token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: '{}',
    });
    const { token } = (await joinToken.json()) as { token: string };
    let identity: Parameters<Parameters<typeof createAgentLink>[0]['identityStore']['save']>[0] | undefined;
    link = createAgentLink({
      csocUrl: a.url,
      identityStore: {
        load: async () => identity,
        save: async (saved) => {
          identity = saved;
        },
        clear: async () => {
          identity = undefined;
        },
      },
      readJoinToken: async () => token,
      handlers,
    });
    await waitFor('the agent to connect to A', () => link!.state() === 'connected', 60_000, 50);

    const onA = getter(a.url, session.cookie);
    const onB = getter(b.url, session.cookie);
    const workloads = '/api/v1/orgs/bench/commons/alpha/cluster/workloads';
    const plain = '/api/v1/orgs/bench/commons/alpha';
    await waitFor(
      'B to reach the agent through A',
      async () => (await onB(workloads)).status === 200,
      60_000,
    );
    for (let warm = 0; warm < 100; warm++) {
      await onA(workloads);
      await onB(workloads);
      await onB(plain);
    }
    const loadBefore = loadAverage();
    const times = { direct: [] as number[], forwarded: [] as number[], plain: [] as number[] };
    let bytes = { direct: 0, forwarded: 0, plain: 0 };
    for (let index = 0; index < REQUESTS; index++) {
      for (const [which, get, pathname] of [
        ['direct', onA, workloads],
        ['forwarded', onB, workloads],
        ['plain', onB, plain],
      ] as const) {
        const started = process.hrtime.bigint();
        const answer = await get(pathname);
        times[which].push(Number(process.hrtime.bigint() - started) / 1e6);
        if (answer.status !== 200) throw new Error(`${which}: HTTP ${answer.status}`);
        bytes = { ...bytes, [which]: answer.bytes };
      }
    }
    for (const list of Object.values(times)) list.sort((x, y) => x - y);
    const logPath = '/api/v1/orgs/bench/commons/alpha/cluster/pods/bench-0/logs';
    const logSeconds = { direct: [] as number[], forwarded: [] as number[] };
    for (let round_ = 0; round_ < 3; round_++)
      for (const [which, get] of [
        ['direct', onA],
        ['forwarded', onB],
      ] as const) {
        const started = process.hrtime.bigint();
        const answer = await get(logPath);
        logSeconds[which].push(Number(process.hrtime.bigint() - started) / 1e9);
        if (answer.bytes < LOG_BYTES) throw new Error(`${which} log: only ${answer.bytes} B`);
      }
    const mibPerSecond = (list: number[]) =>
      round(LOG_BYTES / 1024 / 1024 / [...list].sort((x, y) => x - y)[1]!, 1);
    printTable(
      `agent requests across replicas: 2 CSOC processes on PostgreSQL, ${REQUESTS} interleaved rounds (load average ${loadBefore} before, ${loadAverage()} after)`,
      [
        {
          figure: `workloads on A, agent's socket there (${bytes.direct} B) p50 / p99, ms`,
          value: `${round(percentile(times.direct, 0.5), 2)} / ${round(percentile(times.direct, 0.99), 2)}`,
        },
        {
          figure: `workloads on B, forwarded to A (${bytes.forwarded} B) p50 / p99, ms`,
          value: `${round(percentile(times.forwarded, 0.5), 2)} / ${round(percentile(times.forwarded, 0.99), 2)}`,
        },
        {
          figure: `plain route on B, GET …/commons/alpha (${bytes.plain} B) p50 / p99, ms`,
          value: `${round(percentile(times.plain, 0.5), 2)} / ${round(percentile(times.plain, 0.99), 2)}`,
        },
        { figure: '4 MiB pod log through A, median of 3, MiB/s', value: mibPerSecond(logSeconds.direct) },
        {
          figure: '4 MiB pod log through B (forwarded), median of 3, MiB/s',
          value: mibPerSecond(logSeconds.forwarded),
        },
      ],
    );
  } finally {
    await link?.stop();
    for (const started of processes) await started.stop();
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
