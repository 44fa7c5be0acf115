// Checks deploy/compose/compose.yaml offline, without a container engine (composeStack.test.ts brings it up
// with podman-compose): the three services, a volume each, secrets only as files that makeSecrets.sh really
// writes, health checks and restart policies, and that CSOC's own loadConfig accepts each CSOC service's
// environment with those files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFields, loadConfig } from '@csoc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const composeDir = path.dirname(fileURLToPath(import.meta.url));

interface Service {
  image: string;
  command?: string[];
  restart?: string;
  read_only?: boolean;
  tmpfs?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
}

const compose = parseYaml(fs.readFileSync(path.join(composeDir, 'compose.yaml'), 'utf8')) as ComposeFile;
const knownSettings = new Set<string>(Object.values(configFields).map((field) => field.env));

/** `${NAME:-default}` as compose expands it with NAME unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

describe('deploy/compose/compose.yaml', () => {
  let secretsDir: string;

  beforeAll(() => {
    secretsDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-compose-')), 'secrets');
    const made = spawnSync(path.join(composeDir, 'makeSecrets.sh'), [secretsDir], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
  });

  afterAll(() => fs.rmSync(path.dirname(secretsDir), { recursive: true, force: true }));

  it('runs PostgreSQL, the API and a worker, each with its own volume, health check and restart policy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['csoc', 'postgres', 'worker']);
    const mounted = Object.values(compose.services).map((service) => service.volumes?.[0]?.split(':')[0]);
    expect(new Set(mounted).size).toBe(3);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(Object.keys(compose.volumes), name).toContain(service.volumes?.[0]?.split(':')[0]);
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.healthcheck?.test[0], name).toBe('CMD');
    }
    expect(compose.services.csoc!.command).toEqual(['serve']);
    expect(compose.services.worker!.command).toEqual(['worker']);
    expect(compose.services.csoc!.volumes).toEqual(['csoc-data:/var/lib/csoc']);
    expect(compose.services.worker!.volumes).toEqual(['worker-data:/var/lib/csoc']);
  });

  it('runs CSOC read-only with a tmpfs /tmp, after PostgreSQL is healthy; runs execute only in the worker', () => {
    for (const name of ['csoc', 'worker']) {
      const service = compose.services[name]!;
      expect(service.read_only, name).toBe(true);
      expect(service.tmpfs, name).toEqual(['/tmp']);
      expect(service.depends_on?.postgres?.condition, name).toBe('service_healthy');
    }
    expect(compose.services.csoc!.environment!.CSOC_WORKER).toBe('off');
    // The worker's plugins reach the state backend through the API service, on its container port.
    const apiPort = compose.services.csoc!.environment!.CSOC_PORT;
    expect(compose.services.worker!.environment!.CSOC_PUBLIC_URL).toBe(`http://csoc:${apiPort}`);
    expect(compose.services.worker!.healthcheck!.test).toContain(`http://csoc:${apiPort}/readyz`);
    expect(withDefaults(compose.services.csoc!.ports![0]!)).toBe(`127.0.0.1:8080:${apiPort}`);
  });

  it('passes secrets only as files, and every secret file is one makeSecrets.sh writes', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        expect(/PASSWORD$|KEY$|TOKEN$|SECRET$|DATABASE_URL$/.test(key), `${name}: ${key}`).toBe(false);
        if (key.endsWith('_FILE')) expect(value, `${name}: ${key}`).toMatch(/^\/run\/secrets\/[a-z_]+$/);
      }
      for (const secret of service.secrets ?? []) expect(Object.keys(compose.secrets)).toContain(secret);
    }
    for (const [name, secret] of Object.entries(compose.secrets)) {
      expect(secret.file).toBe(`./secrets/${name}`);
      expect(fs.existsSync(path.join(secretsDir, name)), name).toBe(true);
    }
    const password = fs.readFileSync(path.join(secretsDir, 'postgres_password'), 'utf8');
    const databaseUrl = new URL(fs.readFileSync(path.join(secretsDir, 'database_url'), 'utf8'));
    expect(databaseUrl.host).toBe('postgres:5432');
    expect(decodeURIComponent(databaseUrl.password)).toBe(password);
    expect(databaseUrl.username).toBe(compose.services.postgres!.environment!.POSTGRES_USER);
    expect(databaseUrl.pathname).toBe(`/${compose.services.postgres!.environment!.POSTGRES_DB}`);
  });

  it.each(['csoc', 'worker'])('%s: every setting is one CSOC reads, and loadConfig accepts them', (name) => {
    const service = compose.services[name]!;
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      expect(knownSettings.has(key.replace(/_FILE$/, '')), `${name}: ${key} is not a CSOC setting`).toBe(
        true,
      );
      // The files the containers see at /run/secrets/<name> are these.
      env[key] = withDefaults(value).replace(/^\/run\/secrets\//, `${secretsDir}/`);
      if (key.endsWith('_FILE')) {
        const secret = path.basename(value);
        expect(service.secrets, `${name}: ${key} needs secret ${secret}`).toContain(secret);
      }
    }
    const config = loadConfig(env);
    expect(config.databaseUrl).toMatch(/^postgres:\/\/csoc:[^@]+@postgres:5432\/csoc$/);
    expect(config.masterKey).toBe(fs.readFileSync(path.join(secretsDir, 'master_key'), 'utf8'));
    expect(config.dataDir).toBe('/var/lib/csoc');
  });

  it('the secret folder is private and makeSecrets.sh never overwrites a secret', () => {
    expect(fs.statSync(secretsDir).mode & 0o777).toBe(0o700);
    const before = fs.readFileSync(path.join(secretsDir, 'master_key'), 'utf8');
    const again = spawnSync(path.join(composeDir, 'makeSecrets.sh'), [secretsDir], { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('kept');
    expect(fs.readFileSync(path.join(secretsDir, 'master_key'), 'utf8')).toBe(before);
  });
});
