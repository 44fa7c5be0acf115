// Probe takeover across real processes: two `csoc-server` processes on one PostgreSQL, with a short probe
// lease, probe 24 commons served over HTTPS by this test (a local CA the processes trust through
// NODE_EXTRA_CA_CERTS). Which process sent each probe is read from the kernel: the server side's remote
// port is matched to the socket inodes of each process (/proc/net/tcp, /proc/<pid>/fd). Every commons is
// probed by exactly one process; after `kill -9` of one, the other probes all of its commons within the
// lease plus one probe interval; no commons is ever probed by both at once.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { newId } from '@csoc/common';
import { createTestCertificates } from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../credentials/masterKeyring.ts';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { checkoutRoot } from '../testing/copyCheckout.ts';
import { signIn } from '../testing/retryingLoadClient.ts';
import { type CsocServerProcess, spawnCsocServer } from '../testing/spawnCsocServer.ts';
import { createPostgresTestDatabase } from '../testing/testDatabases.ts';
import { waitFor } from '../testing/waitFor.ts';
import { provisionedSimCommonsRow } from '../testing/simCommons.ts';

const ADMIN = { email: 'admin@takeover.test', password: 'takeover-test-password-123' };
const COMMONS = 24;
const INTERVAL_S = 2;
const LEASE_S = 6;
/** A round's reach (its deadline plus one request) must fit in the lease left after a renewal. */
const TIMEOUT_MS = 500;
const ORG = 'takeover';

interface Probe {
  commons: string;
  pid: number;
  startedAt: number;
  endedAt: number;
}

/** The pid among `pids` whose process owns the TCP socket bound locally to 127.0.0.1:`port`. */
function pidOfLocalPort(port: number, pids: readonly number[]): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`)) inodes.add(fields[9]!);
    }
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** The probe pairs of one commons from different processes that overlapped in time. */
function concurrentProbes(probes: readonly Probe[]): string[] {
  const overlaps: string[] = [];
  const byCommons = new Map<string, Probe[]>();
  for (const probe of probes) byCommons.set(probe.commons, [...(byCommons.get(probe.commons) ?? []), probe]);
  for (const [commons, list] of byCommons)
    for (const a of list)
      for (const b of list)
        if (a.pid < b.pid && a.startedAt < b.endedAt && b.startedAt < a.endedAt)
          overlaps.push(
            `${commons}: ${a.pid} and ${b.pid} ${a.startedAt}-${a.endedAt} ${b.startedAt}-${b.endedAt}`,
          );
  return overlaps;
}

describe('probe takeover when a CSOC process is killed (PostgreSQL)', { timeout: 600_000 }, () => {
  const certificates = createTestCertificates();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-takeover-'));
  const probes: Probe[] = [];
  const connectionPids = new WeakMap<object, number | undefined>();
  let pids: number[] = [];
  let server: https.Server;
  let database: CsocDatabase | undefined;
  const processes: CsocServerProcess[] = [];

  beforeAll(async () => {
    server = https.createServer({ cert: certificates.serverCert, key: certificates.serverKey });
    // Looked up once per connection, while the connecting process certainly still holds its socket.
    server.on('secureConnection', (socket) =>
      connectionPids.set(socket, pidOfLocalPort(socket.remotePort!, pids)),
    );
    server.on('request', (request, response) => {
      const startedAt = Date.now();
      const commons = /^\/(c\d+)\//.exec(request.url ?? '')?.[1];
      response.on('finish', () => {
        const pid = connectionPids.get(request.socket);
        if (commons && pid !== undefined) probes.push({ commons, pid, startedAt, endedAt: Date.now() });
      });
      // Long enough that two probers of one commons would overlap if they ran together.
      setTimeout(() => response.end(request.url?.endsWith('_version') ? '{"version":"2025.06"}' : '{}'), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const process_ of processes) if (process_.child.exitCode === null) process_.child.kill('SIGKILL');
    await Promise.all(processes.map((process_) => process_.exited));
    await database?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('probes each commons from one process, and the survivor takes a killed process’s commons over within the lease', async () => {
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, certificates.caCert);
    const databaseUrl = await createPostgresTestDatabase();
    const env = {
      CSOC_DATABASE_URL: databaseUrl,
      CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
      CSOC_ADMIN_EMAIL: ADMIN.email,
      CSOC_ADMIN_PASSWORD: ADMIN.password,
      CSOC_WORKER: 'off',
      CSOC_LOG_LEVEL: 'warn',
      CSOC_SIM_ARGOCD: 'off',
      CSOC_PROBE_INTERVAL_SECONDS: String(INTERVAL_S),
      CSOC_PROBE_LEASE_SECONDS: String(LEASE_S),
      CSOC_PROBE_TIMEOUT_MS: String(TIMEOUT_MS),
      CSOC_PROBE_ALLOWED_CIDRS: '127.0.0.0/8',
      NODE_EXTRA_CA_CERTS: caFile,
    };
    const start = async () => {
      const started = await spawnCsocServer(checkoutRoot, {
        ...env,
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
      });
      processes.push(started);
      pids = processes.map((process_) => process_.child.pid!);
      await started.ready(300_000);
      return started;
    };

    const first = await start(); // migrates the database
    const session = await signIn(first.url, ADMIN.email, ADMIN.password);
    const created = await fetch(`${first.url}/api/v1/orgs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: JSON.stringify({ slug: ORG, name: ORG }),
    });
    expect(created.status).toBe(201);
    const orgId = ((await created.json()) as { id: string }).id;
    database = createDatabase({ url: databaseUrl, dataDir: fs.mkdtempSync(path.join(dir, 'test-')) });
    await seedDeployedCommons(database, orgId, `localhost:${(server.address() as AddressInfo).port}`);
    const second = await start();

    // Both processes probe, each commons from one of them only, over five intervals in a row (a loaded
    // machine may delay a round past one interval).
    const stableSince = await waitFor(
      'each commons probed by one process, both processes probing',
      () => {
        const since = Date.now() - 5 * INTERVAL_S * 1000;
        const recent = probes.filter((probe) => probe.startedAt >= since);
        const probers = new Map<string, Set<number>>();
        for (const probe of recent)
          probers.set(probe.commons, (probers.get(probe.commons) ?? new Set()).add(probe.pid));
        const onePer = probers.size === COMMONS && [...probers.values()].every((set) => set.size === 1);
        const both = new Set(recent.map((probe) => probe.pid)).size === 2;
        return onePer && both ? since : false;
      },
      240_000,
      250,
    );
    const ownerBefore = new Map(
      probes.filter((probe) => probe.startedAt >= stableSince).map((probe) => [probe.commons, probe.pid]),
    );
    const victim = first.child.pid!;
    const survivor = second.child.pid!;
    const victimCommons = [...ownerBefore].filter(([, pid]) => pid === victim).map(([commons]) => commons);
    expect(victimCommons.length).toBeGreaterThan(0);
    expect(victimCommons.length).toBeLessThan(COMMONS);

    // kill -9: no shutdown, no lease given up; the survivor must wait for the lease to expire.
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    const takenOver = await waitFor(
      'the survivor probing every commons of the killed process',
      () => {
        const firstProbe = victimCommons.map(
          (commons) =>
            probes.find(
              (probe) => probe.commons === commons && probe.pid === survivor && probe.startedAt >= killedAt,
            )?.startedAt,
        );
        return firstProbe.every((at) => at !== undefined) ? Math.max(...firstProbe) - killedAt : false;
      },
      120_000,
      100,
    );
    // The lease runs out, the survivor's next lease round (every third of a lease) takes the shards, and
    // it probes each new commons at a random point of its first interval (jitter 10%).
    const bound = LEASE_S * 1000 + (LEASE_S * 1000) / 3 + INTERVAL_S * 1000 * 1.1 + 2000;
    console.log(
      `takeover: the survivor probed all ${victimCommons.length} commons of the killed process ${takenOver} ms after kill -9 (lease ${LEASE_S * 1000} ms, interval ${INTERVAL_S * 1000} ms, bound ${bound} ms)`,
    );
    expect(takenOver).toBeLessThanOrEqual(bound);
    // Still probing them a few intervals later, alone.
    await waitFor(
      'two more rounds of every commons from the survivor',
      () =>
        [...ownerBefore.keys()].every(
          (commons) =>
            probes.filter((probe) => probe.commons === commons && probe.startedAt >= killedAt + takenOver)
              .length >= 2,
        ),
      60_000,
      250,
    );
    expect(probes.filter((probe) => probe.startedAt > killedAt + 1000 && probe.pid === victim)).toEqual([]);
    expect(concurrentProbes(probes)).toEqual([]);
    expect(second.child.exitCode).toBeNull();
    expect(await second.stop()).toBe(0);
  });
});

/** Deployed commons whose Gen3 hostname is this test's server, one path per commons. */
async function seedDeployedCommons(database: CsocDatabase, orgId: string, host: string): Promise<void> {
  const now = new Date().toISOString();
  const batch = Array.from({ length: COMMONS }, (_, index) => ({
    id: newId(),
    name: `c${String(index).padStart(2, '0')}`,
  }));
  await database.db
    .insertInto('commons')
    .values(
      batch.map(({ id, name }) => provisionedSimCommonsRow(orgId, name, { id, hostname: `${host}/${name}` })),
    )
    .execute();
  await database.db
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
        requested_by: 'test',
        requested_by_id: 'test',
        created_at: now,
        finished_at: now,
        follower_id: null,
        follower_lease_expires_at: null,
      })),
    )
    .execute();
}
