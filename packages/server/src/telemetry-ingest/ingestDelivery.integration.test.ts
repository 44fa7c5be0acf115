// Issue 14 item 3's delivery end to end, on SQLite and PostgreSQL, with the embedded SIMULATED Argo CD and
// the real sim plugin run by a real run worker: a deploy issues the commons' ingest credential and queues a
// `store-ingest-credential` run; the run hands the token to the plugin in its secrets file, the plugin
// writes it into the simulated secret manager, the simulated commons' agent exports OTLP with it and CSOC
// accepts it. A second deploy keeps the working credential; a write the secret manager refuses revokes
// the fresh credential and the deploy's timeline says why. The token is searched for in every place it
// must not be: run output, run rows, audit records, deploy records, logs, the GitOps history.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { createRunner } from '../runs/createRunner.ts';
import { openRunDelivery } from '../runs/runDelivery.ts';
import { startRunWorker, type RunWorker } from '../runs/startRunWorker.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { ingestCredentialOf } from './ingestCredentials.ts';
import { waitFor } from '../testing/waitFor.ts';

const ORG = 'delivery-org';

interface TimelineEntry {
  status: string;
  message: string;
}

describe.each(testDatabaseTargets)(
  'the ingest credential is delivered at deploy time through the run worker ($dialect)',
  { timeout: 420_000 },
  (target) => {
    let csoc: TestCsoc;
    let worker: RunWorker | undefined;
    const commonsIds: Record<string, string> = {};
    const tokens: string[] = [];
    const control = (method: string, route: string) =>
      fetch(`${csoc.context.simArgoCdUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${csoc.context.simArgoCdToken}` },
      });

    async function createCommons(name: string) {
      const created = await csoc.admin.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument(
          name,
          {},
          { gen3: { release: '2025.06', hostname: `${name}.sim.example.org`, branding: { appName: name } } },
        ),
      );
      expect(created.status, created.text).toBe(201);
      commonsIds[name] = created.body.id;
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
    }

    async function deploy(name: string) {
      const response = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
      expect(response.status, response.text).toBe(201);
      return response.body as { id: string; timeline: TimelineEntry[] };
    }

    const deliveryRunOf = (deployBody: { timeline: TimelineEntry[] }) => {
      const entry = deployBody.timeline.find((item) => item.message.startsWith('telemetry:'));
      return { message: entry?.message ?? '', runId: /run (\S+) stores it/.exec(entry?.message ?? '')?.[1] };
    };

    const timelineOf = async (name: string, deployId: string) =>
      ((await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${deployId}`)).body.timeline ??
        []) as TimelineEntry[];

    beforeAll(async () => {
      csoc = await startTestCsoc({
        databaseUrl: await target.create(),
        env: {
          // The test starts the worker itself, so it can read the queued delivery first.
          CSOC_WORKER: 'off',
          CSOC_SIM_SYNC_DELAY_MS: '200',
          CSOC_DEPLOY_TIMEOUT_SECONDS: '180',
          CSOC_PROBE_INTERVAL_SECONDS: '0',
        },
      });
      await ensureOrg(csoc, ORG);
      await createSimAccount(csoc.admin, ORG);
      await createCommons('tel');
      await createCommons('bad');
    }, 180_000);

    afterAll(async () => {
      await worker?.stop();
      await csoc?.stop();
    });

    it('a deploy issues the credential, a run stores it, and the commons exports OTLP with it', async () => {
      expect(await ingestCredentialOf(csoc.context.database.db, commonsIds.tel!)).toBeUndefined();
      const deployed = await deploy('tel');
      const { runId, message } = deliveryRunOf(deployed);
      expect(message).toContain("issued the commons' ingest credential");
      expect(runId, message).toBeTruthy();
      expect(message).toContain('tel-tel-csoc-telemetry-ingest');
      const credential = await ingestCredentialOf(csoc.context.database.db, commonsIds.tel!);
      expect(credential).toBeTruthy();

      // Queued like any run, visible with its kind; its sealed delivery holds the token until it ends.
      const queued = (await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${runId}`)).body;
      expect(queued).toMatchObject({ kind: 'store-ingest-credential', state: 'queued', commons: 'tel' });
      const delivery = await openRunDelivery(csoc.context.database, csoc.context.vault, runId!);
      const token = delivery!.secrets.csocIngestToken!;
      expect(token).toMatch(/^csoc_otlp_/);
      tokens.push(token);

      worker = startRunWorker(csoc.context, {
        runner: await createRunner(csoc.context.config),
        concurrency: 2,
        leaseSeconds: 60,
        pollMs: 200,
      });
      const run = await waitForRun(csoc.admin, ORG, runId!, ['succeeded'], 180_000);
      expect(run.state, run.message).toBe('succeeded');
      expect(run.message).toContain('Stored the ingest credential in tel-tel-csoc-telemetry-ingest');
      // Gone once the run ended (compared, not printed: a failure must not show the token).
      expect((await openRunDelivery(csoc.context.database, csoc.context.vault, runId!)) === undefined).toBe(
        true,
      );

      // The simulated commons' agent now runs with the delivered token, and CSOC accepts its OTLP.
      const summary = await waitFor('requests in the commons summary', async () => {
        const kept = await csoc.admin.get(
          `/api/v1/orgs/${ORG}/commons/tel/telemetry?window=1h&service=fence`,
        );
        const requests = (kept.body.points as Array<{ requests: number }> | undefined)?.reduce(
          (sum, point) => sum + Number(point.requests),
          0,
        );
        return requests ? kept.body : undefined;
      });
      expect(summary.lastReceivedAt).toBeTruthy();
      const listed = await (await control('GET', '/sim-control/telemetry')).json();
      expect(listed.emitters).toContainEqual(
        expect.objectContaining({ commons: `${ORG}/tel`, startedBy: 'sync', failures: 0 }),
      );
      // The deploy says the credential was stored.
      await waitFor('the delivery on the deploy timeline', async () =>
        (await timelineOf('tel', deployed.id)).some((entry) =>
          entry.message.includes(`run ${runId} stored the ingest credential`),
        )
          ? true
          : undefined,
      );
      // Audited with names only.
      const audits = await csoc.context.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'telemetry.credential.deliver')
        .execute();
      expect(audits.map((row) => row.target)).toContain(`orgs/${ORG}/commons/tel/telemetry/credential`);
    });

    it('a second deploy keeps the credential that works and queues no delivery', async () => {
      const before = await ingestCredentialOf(csoc.context.database.db, commonsIds.tel!);
      const deployed = await deploy('tel');
      const { message, runId } = deliveryRunOf(deployed);
      expect(message).toContain('is kept; none issued');
      expect(runId).toBeUndefined();
      expect((await ingestCredentialOf(csoc.context.database.db, commonsIds.tel!))?.id).toBe(before?.id);
      const deliveries = await csoc.context.database.db
        .selectFrom('runs')
        .select('id')
        .where('commons_id', '=', commonsIds.tel!)
        .where('kind', '=', 'store-ingest-credential')
        .execute();
      expect(deliveries).toHaveLength(1);
    });

    it('a write the secret manager refuses revokes the fresh credential; the deploy says why; the next deploy retries', async () => {
      // The simulator refuses a write signed with a token that is not its own (HTTP 401).
      const simulatorToken = csoc.context.simArgoCdToken;
      csoc.context.simArgoCdToken = 'not-the-simulator-token';
      let failed: { id: string; timeline: TimelineEntry[] };
      try {
        failed = await deploy('bad');
      } finally {
        csoc.context.simArgoCdToken = simulatorToken;
      }
      const { runId } = deliveryRunOf(failed);
      expect(runId).toBeTruthy();
      const run = await waitForRun(csoc.admin, ORG, runId!, ['failed'], 180_000);
      expect(run.state, run.message).toBe('failed');
      expect(run.message).toContain('refused to write bad-bad-csoc-telemetry-ingest (HTTP 401');
      await waitFor('the revocation', async () =>
        (await ingestCredentialOf(csoc.context.database.db, commonsIds.bad!)) ? undefined : true,
      );
      const output = (await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${runId}/output`)).body;
      expect(JSON.stringify(output.items)).toContain('was revoked');
      const said = await waitFor('the failure on the deploy timeline', async () =>
        (await timelineOf('bad', failed.id)).find((entry) =>
          entry.message.includes(`the ingest credential was not stored (run ${runId} failed`),
        ),
      );
      expect(said.message).toContain('HTTP 401');
      expect(said.message).toContain('the next deploy issues a new one');

      // The next deploy issues a new credential and stores it.
      const retried = await deploy('bad');
      const retry = deliveryRunOf(retried);
      expect(retry.message).toContain('issued');
      expect(retry.runId).toBeTruthy();
      const retryDelivery = await openRunDelivery(csoc.context.database, csoc.context.vault, retry.runId!);
      if (retryDelivery) tokens.push(retryDelivery.secrets.csocIngestToken!);
      const stored = await waitForRun(csoc.admin, ORG, retry.runId!, ['succeeded'], 180_000);
      expect(stored.state, stored.message).toBe('succeeded');
      expect(await ingestCredentialOf(csoc.context.database.db, commonsIds.bad!)).toBeTruthy();
    });

    it('the token is in no run output, run row, audit record, deploy record, log line or git commit', async () => {
      expect(tokens.length).toBeGreaterThan(0);
      const db = csoc.context.database.db;
      const places: Record<string, string> = {
        runOutput: JSON.stringify(await db.selectFrom('run_output').selectAll().execute()),
        runs: JSON.stringify(await db.selectFrom('runs').selectAll().execute()),
        audit: JSON.stringify(await db.selectFrom('audit_events').selectAll().execute()),
        deploys: JSON.stringify(await db.selectFrom('deploys').selectAll().execute()),
        logs: csoc.capturedOutput(),
        git: (
          await runGit(['log', '-p', '--all'], { gitDir: path.join(csoc.dataDir, 'gitops', `${ORG}.git`) })
        ).stdout,
      };
      expect(places.runOutput).toContain('store-ingest-credential');
      expect(places.git).toContain('csoc-telemetry-ingest');
      for (const token of tokens)
        for (const [place, text] of Object.entries(places)) expect(text.includes(token), place).toBe(false);
      // Nor in any file the runs left on disk (work dirs, request files, secrets folders).
      const leftovers: string[] = [];
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile() && fs.statSync(full).size < 5_000_000) leftovers.push(full);
        }
      };
      walk(path.join(csoc.dataDir, 'runs'));
      for (const file of leftovers) {
        const text = fs.readFileSync(file, 'utf8');
        for (const token of tokens) expect(text.includes(token), file).toBe(false);
      }
    });
  },
);
