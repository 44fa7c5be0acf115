// The real `csoc` binary (spawned as a child process, as a user runs it) against a real CSOC on SQLite with
// the sim plugin and the embedded worker: the whole lifecycle from password login through apply, plan,
// approve, live logs, destroy and audit verification; and bad input ending in one line and exit code 2.
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { nextRelease } from '@csoc/server';
import { findFreePort } from '@csoc/server/testing/startThrowawayPostgres.ts';

const FROM = '2025.06';
const TO = nextRelease(FROM)!.version;
const gen3 = (release: string) => ({ release, hostname: 'alpha.sim.example.org' });
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/csoc.mjs');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `csoc ARGS` with only the environment given (never the developer's own CSOC_* or config). */
function csoc(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_CONFIG_HOME: configHome,
        // The bundle users run, never the tsx fallback (ADR 0045).
        CSOC_CLI_ENTRY: 'bundle',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A failure is one line on stderr, without a stack trace. */
function expectOneLineError(result: Result, code: number, message: RegExp) {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |\.ts:\d+/);
}

/**
 * A proxy in front of CSOC that cuts the first output stream after a few events, as a flaky network or
 * a proxy timeout would; it records the Last-Event-ID of every stream request.
 */
async function startCuttingProxy(target: string) {
  const streamRequests: (string | undefined)[] = [];
  const proxy = http.createServer((request, response) => {
    const isStream = request.url!.includes('/output/stream');
    if (isStream) streamRequests.push(request.headers['last-event-id'] as string | undefined);
    const cut = isStream && streamRequests.length === 1;
    const upstream = http.request(
      `${target}${request.url}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        let events = 0;
        answer.on('data', (chunk: Buffer) => {
          if (response.writableEnded) return;
          response.write(chunk);
          events += chunk.toString().split('\n\n').length - 1;
          if (cut && events >= 3) {
            answer.destroy();
            response.end(); // the stream stops without its `end` event
          }
        });
        answer.on('end', () => response.end());
        answer.on('error', () => response.end());
        answer.on('close', () => response.end());
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    streamRequests,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

let home: string;
let configHome: string;
let workDir: string;

function writeDocument(name: string, document: unknown): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, typeof document === 'string' ? document : YAML.stringify(document));
  return file;
}

describe('csoc command line against a real CSOC', () => {
  let server: TestCsoc;
  beforeAll(async () => {
    server = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_SIM_SYNC_DELAY_MS: '200', CSOC_DEPLOY_TIMEOUT_SECONDS: '30' },
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-home-'));
    configHome = path.join(home, 'xdg');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-work-'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs the lifecycle: login, org, account, apply, diff, plan, approve, logs, deploy, status, upgrade, destroy, audit', async () => {
    const login = await csoc(['login', '--server', server.url, '--email', TEST_ADMIN_EMAIL], {
      input: `${TEST_ADMIN_PASSWORD}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    const configFile = path.join(configHome, 'csoc', 'config.yaml');
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
    const config = fs.readFileSync(configFile, 'utf8');
    expect(config).toMatch(/session: /);
    expect(config).toMatch(/csrfToken: /);
    expect(config).not.toContain(TEST_ADMIN_PASSWORD);

    expect((await csoc(['orgs', 'create', 'acme', '--name', 'Acme Research'])).code).toBe(0);
    expect((await csoc(['context', 'set-org', 'acme'])).code).toBe(0);
    const whoami = JSON.parse((await csoc(['whoami', '-o', 'json'])).stdout);
    expect(whoami).toMatchObject({
      server: server.url,
      org: 'acme',
      user: { email: TEST_ADMIN_EMAIL, isPlatformAdmin: true },
    });

    // Secret fields come from stdin (here an empty map: the simulator needs none).
    const account = await csoc(
      [
        'accounts',
        'create',
        'sim-account',
        '--kind',
        'sim',
        '--public',
        'region=us-sim-1',
        '--secrets-file',
        '-',
        '-o',
        'json',
      ],
      {
        input: '{}\n',
      },
    );
    expect(account.code, account.stderr).toBe(0);
    expect(JSON.parse(account.stdout)).toMatchObject({
      name: 'sim-account',
      kind: 'sim',
      public: { region: 'us-sim-1' },
    });

    const alpha = writeDocument(
      'alpha.yaml',
      simCommonsDocument('alpha', { simulation: { resourceDelaySeconds: 0 } }, { gen3: gen3(FROM) }),
    );
    const created = await csoc(['commons', 'apply', '-f', alpha]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('commons acme/alpha created (revision 1)\n');

    const changed = writeDocument(
      'alpha-imaging.yaml',
      simCommonsDocument(
        'alpha',
        { simulation: { resourceDelaySeconds: 0 }, buckets: ['imaging'] },
        { gen3: gen3(FROM) },
      ),
    );
    const diff = await csoc(['commons', 'diff', '-f', changed]);
    expect(diff.code, diff.stderr).toBe(4);
    expect(diff.stdout).toBe('commons acme/alpha:\n+ spec.inputs.buckets[0]: "imaging"\n');
    const updated = await csoc(['commons', 'apply', '-f', changed]);
    expect(updated.stdout).toBe('commons acme/alpha configured (revision 2)\n');
    expect((await csoc(['commons', 'diff', '-f', changed])).code).toBe(0);

    const missing = await csoc(['commons', 'get', 'acme/nope']);
    expectOneLineError(
      missing,
      1,
      /No commons "nope" in this organization\. \(commons_not_found, request id [\w-]+\)/,
    );

    const token = JSON.parse(
      (await csoc(['tokens', 'create', '--name', 'ci', '--role', 'operator', '-o', 'json'])).stdout,
    ).token;
    expect(token).toMatch(/^csoc_/);

    const plan = await csoc(['plan', 'acme/alpha', '--wait', '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout);
    expect(planned).toMatchObject({ state: 'planned', kind: 'plan', commons: 'alpha' });
    expect(planned.plan.summary.add).toBeGreaterThan(5);

    // Approve by bare run id (the org comes from the context), then follow the apply live with an API
    // token, through a proxy that drops the stream once: the CLI resumes from the last event id.
    expect((await csoc(['approve', planned.id])).code).toBe(0);
    const proxy = await startCuttingProxy(server.url);
    const logs = await csoc(['runs', 'logs', `acme/${planned.id}`, '--follow'], {
      env: { XDG_CONFIG_HOME: path.join(home, 'empty'), CSOC_SERVER: proxy.url, CSOC_TOKEN: token },
    });
    await proxy.close();
    expect(logs.code, logs.stderr).toBe(0);
    expect(proxy.streamRequests.length).toBeGreaterThan(1);
    expect(Number(proxy.streamRequests[1])).toBeGreaterThanOrEqual(3);
    expect(logs.stdout).toContain('==> applying');
    expect(logs.stdout).toMatch(/^\[\d+\/\d+\] /m); // progress as plain lines: stdout is not a terminal
    expect(logs.stderr).toContain(`run ${planned.id} succeeded`);
    // Nothing lost or shown twice: the followed output is exactly the stored output, read afterwards.
    const stored = await csoc(['runs', 'logs', `acme/${planned.id}`]);
    expect(logs.stdout).toBe(stored.stdout);

    const commons = JSON.parse((await csoc(['commons', 'get', 'acme/alpha', '-o', 'json'])).stdout);
    expect(commons.status).toMatchObject({ infrastructure: 'provisioned', revision: 2 });

    // GitOps: deploy and wait for the (simulated) Argo CD, read the live status, upgrade one release.
    const deploy = await csoc(['deploy', 'acme/alpha', '--wait', '-o', 'json']);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(JSON.parse(deploy.stdout)).toMatchObject({
      status: 'healthy',
      release: FROM,
      revision: 2,
      simulated: true,
    });
    const status = JSON.parse((await csoc(['status', 'acme/alpha', '-o', 'json'])).stdout);
    expect(status).toMatchObject({ deployedRelease: FROM, argocd: { sync: 'Synced', health: 'Healthy' } });
    const fleet = await csoc(['fleet', '--org', 'acme']);
    expect(fleet.stdout).toMatch(/alpha\s+Synced\s+Healthy\s+2025\.\d\d\s+healthy/);
    const resources = JSON.parse((await csoc(['state', 'resources', 'acme/alpha', '-o', 'json'])).stdout);
    expect(resources.map((resource: any) => resource.address)).toContain('terraform_data.vpc');
    expect(JSON.stringify(resources)).not.toContain('attributes');
    const upgradePlan = await csoc(['upgrade', 'acme/alpha', '--to', TO, '--plan-only']);
    expect(upgradePlan.code, upgradePlan.stderr).toBe(0);
    expect(upgradePlan.stdout).toMatch(
      new RegExp(`^Upgrade alpha from Gen3 ${FROM} to ${TO}:\\n  ${FROM} -> ${TO}.*: \\d+ image tag changes`),
    );
    const upgrade = await csoc(['upgrade', 'acme/alpha', '--to', TO, '--wait', '-o', 'json']);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(JSON.parse(upgrade.stdout)).toMatchObject({ status: 'healthy', release: TO, revision: 3 });

    // An API token from the CLI works through CSOC_SERVER/CSOC_TOKEN alone, without any saved context.
    const viaToken = await csoc(['state', 'versions', 'alpha', '-o', 'json'], {
      env: {
        XDG_CONFIG_HOME: path.join(home, 'empty'),
        CSOC_SERVER: server.url,
        CSOC_TOKEN: token,
        CSOC_ORG: 'acme',
      },
    });
    expect(viaToken.code, viaToken.stderr).toBe(0);
    expect(JSON.parse(viaToken.stdout).length).toBeGreaterThan(0);

    const destroy = await csoc(['destroy', 'acme/alpha', '--auto-approve', '-o', 'json']);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(JSON.parse(destroy.stdout)).toMatchObject({ kind: 'destroy', state: 'succeeded' });
    // Gen3 left first (a GitOps commit, pruned by Argo CD): the fleet no longer shows alpha Synced/Healthy.
    const fleetAfter = JSON.parse((await csoc(['fleet', '--org', 'acme', '-o', 'json'])).stdout);
    expect(fleetAfter).toEqual([
      expect.objectContaining({
        commons: 'alpha',
        sync: null,
        health: null,
        deployedRelease: null,
        lastDeploy: expect.objectContaining({ status: 'removed' }),
      }),
    ]);
    expect((await csoc(['commons', 'delete', 'acme/alpha', '--confirm', 'alpha'])).code).toBe(0);

    const audit = await csoc(['audit', 'verify']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/^audit chain valid: \d+ events checked\n$/);

    expect((await csoc(['logout'])).code).toBe(0);
    expectOneLineError(await csoc(['whoami']), 2, /no CSOC server: run csoc login --server URL/);
  }, 120_000);

  it('answers bad input with one line and exit code 2 (1 when the server is unreachable)', async () => {
    const env = { CSOC_SERVER: server.url, CSOC_TOKEN: 'csoc_not-used', CSOC_ORG: 'acme' };
    expectOneLineError(
      await csoc(['commons', 'list', '--bogus'], { env }),
      2,
      /unknown flag --bogus for csoc commons list/,
    );
    expectOneLineError(await csoc(['comons', 'list'], { env }), 2, /unknown command "comons"/);
    const malformed = writeDocument(
      'malformed.yaml',
      'apiVersion: csoc.gen3.org/v1\nkind: Commons\nmetadata: [unclosed\n',
    );
    expectOneLineError(
      await csoc(['commons', 'apply', '-f', malformed], { env }),
      2,
      /malformed\.yaml is not valid YAML/,
    );
    const otherKind = writeDocument('org.yaml', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Org',
      metadata: { name: 'acme' },
    });
    expectOneLineError(
      await csoc(['commons', 'apply', '-f', otherKind], { env }),
      2,
      /is kind "Org", but this command takes kind: Commons/,
    );
    expectOneLineError(
      await csoc(['commons', 'diff', '-f', path.join(workDir, 'absent.yaml')], { env }),
      2,
      /cannot read .*absent\.yaml: ENOENT/,
    );
    expectOneLineError(
      await csoc(['runs', 'get', 'acme/not-a-uuid'], { env }),
      2,
      /"not-a-uuid" is not a run id/,
    );
    expectOneLineError(
      await csoc(['whoami'], { env: { XDG_CONFIG_HOME: path.join(home, 'nothing') } }),
      2,
      /no CSOC server/,
    );
    const closedPort = await findFreePort();
    expectOneLineError(
      await csoc(['whoami'], {
        env: { CSOC_SERVER: `http://127.0.0.1:${closedPort}`, CSOC_TOKEN: 'csoc_x' },
      }),
      1,
      new RegExp(`cannot reach CSOC at http://127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)`),
    );
  }, 60_000);

  it('lets an org admin invite (not add) members: the link printed once, listed, revoked', async () => {
    const login = await csoc(['login', '--server', server.url, '--email', TEST_ADMIN_EMAIL], {
      input: `${TEST_ADMIN_PASSWORD}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    expect((await csoc(['orgs', 'create', 'invites'])).code).toBe(0);
    const token = await csoc([
      'tokens',
      'create',
      '--name',
      'org-admin',
      '--role',
      'admin',
      '--org',
      'invites',
    ]);
    expect(token.code, token.stderr).toBe(0);
    // An org admin who is not a platform admin, as a CI job or an admin's script would be.
    const env = { CSOC_SERVER: server.url, CSOC_TOKEN: token.stdout.trim(), CSOC_ORG: 'invites' };

    expectOneLineError(
      await csoc(['members', 'add', TEST_ADMIN_EMAIL, '--role', 'viewer'], { env }),
      1,
      /invit/i,
    );
    const invite = await csoc(['members', 'invite', 'ana@example.org', '--role', 'operator'], { env });
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(new RegExp(`^${server.url}/invitations/accept#inv_[\\w-]+\\n$`));
    expect(invite.stderr).toMatch(/Invited ana@example\.org as operator in invites until .*shown only now/);
    const above = await csoc(['members', 'invite', 'bo@example.org', '--role', 'owner'], { env });
    expect(above.code).toBe(1);

    const listed = await csoc(['members', 'invitations', '-o', 'json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const invitations = JSON.parse(listed.stdout) as { id: string; email: string; status: string }[];
    expect(invitations).toEqual([expect.objectContaining({ email: 'ana@example.org', status: 'pending' })]);
    expect(listed.stdout).not.toContain(invite.stdout.trim().split('#')[1]);

    const revoke = await csoc(['members', 'revoke-invitation', invitations[0]!.id], { env });
    expect(revoke.code, revoke.stderr).toBe(0);
    const table = await csoc(['members', 'invitations'], { env });
    expect(table.stdout).toMatch(/ana@example\.org\s+operator\s+revoked/);
    expectOneLineError(
      await csoc(['members', 'revoke-invitation', invitations[0]!.id], { env }),
      1,
      /No pending invitation with that id/,
    );
  }, 60_000);
});
