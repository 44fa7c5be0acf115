// Monitoring at fleet scale: N deployed SIMULATED commons (default 5,000, CSOC_BENCH_FLEET) probed every
// 30 s by one CSOC process on SQLite. The commons' /_status endpoints run in a child process
// (simCommonsEndpoints.ts) so the CPU figure is CSOC's alone; 1% of the commons flap (down one 30 s period,
// up the next), so transitions and incidents are written as in a fleet with trouble. Prints the CPU of the
// CSOC process, the probe lag p50/p99, the database growth extrapolated to a day, and the fleet health
// API's p50/p95 at N commons, while the probes run and after they stopped, and the connections the probes
// opened and kept (keep-alive, http/pinnedEgress.ts). `npm run bench -- monitor` (CSOC_BENCH_MONITOR_SECONDS: the
// measured window).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '@csoc/common';
import { sharedPinnedEgress } from '@csoc/server/internal/http/pinnedEgress.ts';
import { sharedProbeEgress } from '@csoc/server/internal/monitor/probeEgress.ts';
import { startProbeScheduler } from '@csoc/server/internal/monitor/startProbeScheduler.ts';
import { startTestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { printTable, round } from './benchKit.ts';
import { provisionedSimCommonsRow } from '@csoc/server/testing/simCommons.ts';

const FLEET = Number(process.env.CSOC_BENCH_FLEET ?? 5000);
const WINDOW_S = Number(process.env.CSOC_BENCH_MONITOR_SECONDS ?? 120);
const INTERVAL_MS = 30_000;
const ORG = 'fleet';
// The probes' HTTP client: undici pools (what CSOC runs, ADR 0069) or, to measure against, Node's http
// client (http/pinnedEgress.ts, what probes used before): CSOC_BENCH_PROBE_CLIENT=node-http.
const PROBE_CLIENT = process.env.CSOC_BENCH_PROBE_CLIENT === 'node-http' ? 'node-http' : 'undici';
const probeEgress = () => (PROBE_CLIENT === 'node-http' ? sharedPinnedEgress('probes') : sharedProbeEgress());

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function startEndpoints(): Promise<{ url: string; stop(): void }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'simCommonsEndpoints.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, FLAPPING: String(Math.ceil(FLEET / 100)), FLAP_MS: String(INTERVAL_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the endpoints process exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

export async function benchMonitor(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-monitor-'));
  const databaseFile = path.join(dir, 'csoc.db');
  const csoc = await startTestCsoc({
    databaseUrl: `sqlite:${databaseFile}`,
    env: { CSOC_LOG_LEVEL: 'warn', CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_SIM_ARGOCD: 'off' },
  });
  const endpoints = await startEndpoints();
  // The commons' endpoints are the stand-in's: every commons is probed at <url>/sim/<org>/<commons>.
  csoc.context.simArgoCdUrl = endpoints.url;
  await ensureOrg(csoc, ORG);
  const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
  const db = csoc.context.database.db;
  const now = new Date().toISOString();
  for (let start = 0; start < FLEET; start += 250) {
    const batch = Array.from({ length: Math.min(250, FLEET - start) }, (_, offset) => {
      const name = `c${String(start + offset).padStart(5, '0')}`;
      return { id: newId(), name };
    });
    await db
      .insertInto('commons')
      .values(
        batch.map(({ id, name }) =>
          provisionedSimCommonsRow(orgId, name, { id, hostname: `${name}.fleet.sim.example.org` }),
        ),
      )
      .execute();
    await db
      .insertInto('deploys')
      .values(
        batch.map(({ id }) => ({
          id: newId(),
          org_id: orgId,
          commons_id: id,
          revision: 1,
          release: '2025.06',
          commit_sha: 'c'.repeat(40),
          diff: '',
          status: 'healthy' as const,
          message: 'Synced and Healthy',
          timeline: '[]',
          requested_by: 'bench',
          requested_by_id: 'bench',
          created_at: now,
          finished_at: now,
          follower_id: null,
          follower_lease_expires_at: null,
        })),
      )
      .execute();
  }

  const rounds: Array<{ lagMs: number; durationMs: number; at: number }> = [];
  const scheduler = startProbeScheduler(csoc.context, {
    intervalMs: INTERVAL_MS,
    timeoutMs: 5000,
    slowMs: 2000,
    perHostConcurrency: 4,
    retentionDays: 90,
    egress: probeEgress(),
    onProbeRound: (round) => rounds.push({ ...round, at: Date.now() }),
  });
  // Warm-up: until every commons had its first probe (its first health row), then one more interval.
  const probedCount = async () =>
    Number(
      (
        await db
          .selectFrom('monitor_commons_health')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const warmupStart = Date.now();
  while ((await probedCount()) < FLEET && Date.now() - warmupStart < 600_000)
    await new Promise((resolve) => setTimeout(resolve, 1000));
  const firstCoverageS = (Date.now() - warmupStart) / 1000;
  const coveredCommons = await probedCount();
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  const endpointsPerCommons = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/c00000/health`)).body
    .services.length as number;
  const sizeOf = () =>
    [databaseFile, `${databaseFile}-wal`].reduce(
      (total, file) => total + (fs.existsSync(file) ? fs.statSync(file).size : 0),
      0,
    );
  const transitionsCount = async () =>
    Number(
      (
        await db
          .selectFrom('monitor_health_transitions')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  // Checkpoint so the size compares database pages, not a WAL that happens to be long.
  await import('kysely').then(({ sql }) => sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db));
  const sizeBefore = sizeOf();
  const transitionsBefore = await transitionsCount();
  const egressBefore = probeEgress().stats();
  const windowStart = Date.now();
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const windowMs = Date.now() - windowStart;
  const egressAfter = probeEgress().stats();
  await import('kysely').then(({ sql }) => sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db));
  const sizeAfter = sizeOf();
  const transitions = (await transitionsCount()) - transitionsBefore;
  const measured = rounds.filter((round) => round.at >= windowStart);

  // The fleet health overview of N commons, one request at a time: while the probes run, then without them.
  const fleetHealthLatencies = async () => {
    const latencies: number[] = [];
    for (let index = 0; index < 200; index++) {
      const began = performance.now();
      const response = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/health`);
      latencies.push(performance.now() - began);
      if (response.status !== 200 || response.body.items.length !== coveredCommons)
        throw new Error(`fleet health answered ${response.status} with ${response.body.items?.length} items`);
    }
    return latencies;
  };
  const probingLatencies = await fleetHealthLatencies();
  await scheduler.stop();
  const latencies = await fleetHealthLatencies();

  printTable(
    `Monitoring ${FLEET} SIMULATED commons every ${INTERVAL_MS / 1000} s (SQLite, ${WINDOW_S} s measured, probes over ${PROBE_CLIENT})`,
    [
      { figure: 'endpoints probed per commons', value: endpointsPerCommons },
      { figure: 'commons with a first probe / fleet', value: `${coveredCommons} / ${FLEET}` },
      { figure: 'seconds until every commons had its first probe', value: round(firstCoverageS, 1) },
      { figure: 'probe rounds in the window', value: measured.length },
      {
        figure: 'probe requests per second',
        value: round((measured.length * endpointsPerCommons) / (windowMs / 1000)),
      },
      {
        figure: 'CSOC process CPU (share of one core)',
        value: round((cpu.user + cpu.system) / 1000 / windowMs, 3),
      },
      {
        // CPU per request does not depend on how many requests a loaded machine let through in the window.
        figure: 'CSOC CPU ms per 1,000 probe requests',
        value: round(
          ((cpu.user + cpu.system) / 1000 / Math.max(1, measured.length * endpointsPerCommons)) * 1000,
          1,
        ),
      },
      {
        figure: 'probe lag p50 (ms)',
        value: round(
          percentile(
            measured.map((r) => r.lagMs),
            50,
          ),
        ),
      },
      {
        figure: 'probe lag p99 (ms)',
        value: round(
          percentile(
            measured.map((r) => r.lagMs),
            99,
          ),
        ),
      },
      {
        figure: 'probe round duration p99 (ms)',
        value: round(
          percentile(
            measured.map((r) => r.durationMs),
            99,
          ),
        ),
      },
      {
        figure: 'connections opened per probe request',
        value: round(
          (egressAfter.connectionsOpened - egressBefore.connectionsOpened) /
            Math.max(1, egressAfter.requests - egressBefore.requests),
          4,
        ),
      },
      {
        figure: 'probe connections open / idle at the end of the window',
        value: `${egressAfter.openSockets} / ${egressAfter.idleSockets}`,
      },
      { figure: 'health transitions in the window (1% flapping)', value: transitions },
      {
        figure: 'database growth per day, extrapolated (MB)',
        value: round((((sizeAfter - sizeBefore) / windowMs) * 86_400_000) / 1e6, 1),
      },
      {
        figure: `fleet health API p50 (ms, ${coveredCommons} items)`,
        value: round(percentile(latencies, 50)),
      },
      { figure: 'fleet health API p95 (ms)', value: round(percentile(latencies, 95)) },
      {
        figure: 'fleet health API p50 while probing (ms)',
        value: round(percentile(probingLatencies, 50)),
      },
      {
        figure: 'fleet health API p95 while probing (ms)',
        value: round(percentile(probingLatencies, 95)),
      },
    ],
  );
  endpoints.stop();
  await csoc.stop();
}
