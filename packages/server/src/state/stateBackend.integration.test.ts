// The Terraform state backend over real HTTP on SQLite and PostgreSQL: an anonymous oversized body is
// refused before it is read (the server stays responsive, the audit log gets one small event), refused
// bodies never reach the audit log, and a real sim run's LOCK, state write and UNLOCK are audited in the
// commons' org with metadata only, and no plan file stays readable in the run's work dir.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

/** Streams `totalBytes` of JSON-looking body to the state backend with no credentials; resolves with the status. */
function sendLargeAnonymousBody(url: string, totalBytes: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(totalBytes) },
    });
    let status: number | undefined;
    request.on('response', (response) => {
      status = response.statusCode;
      response.resume();
      response.on('end', () => resolve(status));
    });
    // The server may close the connection before the body is sent: that is the point.
    request.on('error', () => resolve(status));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}

async function auditRows(csoc: TestCsoc) {
  return csoc.context.database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
}

describe.each(testDatabaseTargets)('state backend on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'state-org');
    await createSimAccount(csoc.admin, 'state-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('refuses an oversized anonymous body without reading it: /healthz stays fast, one small audit event', async () => {
    const before = await auditRows(csoc);
    const upload = sendLargeAnonymousBody(`${csoc.url}/api/v1/state/${randomUUID()}`, 48 * 1024 * 1024);
    const slowest = { ms: 0 };
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const health = await fetch(`${csoc.url}/healthz`);
      expect(health.status).toBe(200);
      slowest.ms = Math.max(slowest.ms, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await upload).toBe(401);
    expect(slowest.ms).toBeLessThan(100);
    const added = (await auditRows(csoc)).slice(before.length);
    expect(added.length).toBeLessThanOrEqual(1);
    for (const row of added) {
      expect(row.outcome).toBe('denied');
      expect(row.summary.length).toBeLessThan(200);
    }
  }, 30_000);

  it('never stores a refused state document in the audit log', async () => {
    const state = JSON.stringify({
      version: 4,
      serial: 3,
      lineage: 'l-1',
      outputs: {
        db_password: { value: 'hunter2-sensitive', sensitive: true },
        note: { value: 'n0te-value' },
      },
      resources: [],
    });
    const runId = randomUUID();
    for (const path of [`/api/v1/state/${runId}`, `/api/v1/state/${runId}/lock`]) {
      const refused = await fetch(`${csoc.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`run-${runId}:wrong-token`).toString('base64')}`,
        },
        body: state,
      });
      expect(refused.status).toBe(401);
    }
    const exported = await csoc.admin.get('/api/v1/audit/export');
    expect(exported.status, exported.text).toBe(200);
    const refusals = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((event) => event.target === `runs/${runId}/state`);
    expect(refusals).toHaveLength(2);
    for (const event of refusals) {
      // Metadata only: the method, the declared size and the error code; no byte of the document.
      expect(event.summary).toEqual({ method: 'POST', bodyBytes: state.length, error: 'invalid_run_token' });
    }
    expect(exported.text).not.toMatch(/hunter2-sensitive|n0te-value|lineage/);
  });

  it("audits a run's LOCK, state write and UNLOCK in the commons' org, with metadata only", async () => {
    const admin = csoc.admin;
    expect((await admin.post('/api/v1/orgs/state-org/commons', simCommonsDocument('locked'))).status).toBe(
      201,
    );
    const run = await admin.post('/api/v1/orgs/state-org/commons/locked/runs', { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    const planned = await waitForRun(admin, 'state-org', run.body.id, ['planned']);
    expect(planned.state, planned.message).toBe('planned');
    // The plan waits sealed in the database, not as a readable file in the work dir.
    const workDir = path.join(csoc.dataDir, 'runs', run.body.id, 'work');
    expect(fs.statSync(workDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.dirname(workDir)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(workDir).filter((name) => name.endsWith('.tfplan'))).toEqual([]);
    expect((await admin.post(`/api/v1/orgs/state-org/runs/${run.body.id}/approve`)).status).toBe(200);
    const applied = await waitForRun(admin, 'state-org', run.body.id, []);
    expect(applied.state, applied.message).toBe('succeeded');
    expect(fs.readdirSync(workDir).filter((name) => name.endsWith('.tfplan'))).toEqual([]);

    const audit = await admin.get('/api/v1/orgs/state-org/audit?action=state.backend&limit=100');
    expect(audit.status, audit.text).toBe(200);
    const methods = audit.body.items.map((event: any) => event.summary.method);
    expect(methods).toContain('LOCK');
    expect(methods).toContain('UNLOCK');
    expect(methods).toContain('POST');
    const write = audit.body.items.find((event: any) => event.summary.method === 'POST');
    expect(write).toMatchObject({ outcome: 'success', actor: { label: `run ${run.body.id}` } });
    expect(write.summary.bodyBytes).toBeGreaterThan(0);
    expect(write.summary.serial).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body)).not.toMatch(/"resources"|"lineage"|"instances"/);
  }, 120_000);
});
