// Executes one claimed phase of a run: the plan (or drift check) of a queued run, or the apply of an
// approved one. The plugin's stdout is parsed as the event stream; everything lands in the run output;
// the run ends in a clear state whatever the plugin does (garbage, non-zero exit, hang, crash).
import { createEventStreamParser, type PluginEvent, type Verb } from '@csoc/plugin-sdk';
import fs from 'node:fs';
import path from 'node:path';
import { appendAuditEvent } from '../audit/auditLog.ts';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { removeGen3Deployment } from '../gitops/deploys/removeGen3Deployment.ts';
import { readAccountSecrets } from '../credentials/readAccountSecrets.ts';
import { openBlob, sealBlob } from '../credentials/sealBlob.ts';
import { fromSealedColumns, toSealedColumns } from '../credentials/sealedColumns.ts';
import { newId } from '@csoc/common';
import { nowIso } from '../db/schema.ts';
import type { AppContext } from '../http/appContext.ts';
import { resolvePlugin } from '../plugins/pluginRegistry.ts';
import { latestStateVersion } from '../state/stateStore.ts';
import { finishPhase, holderOf, holdsLease, type ClaimedRun, type RunTransition } from './runQueue.ts';
import { deleteRunDelivery, openRunDelivery, type RunDelivery } from './runDelivery.ts';
import { revokeIngestCredentialIfCurrent } from '../telemetry-ingest/ingestCredentials.ts';
import { withdrawJoinTokenIfUnused } from '../agents/agentStore.ts';
import {
  SECRET_DELIVERY_KINDS,
  SECRET_DELIVERY_VERB,
  type SecretDeliveryKind,
} from './secretEntryDelivery.ts';
import { TERMINAL_STATES } from './runLifecycle.ts';
import { appendRunOutput } from './runOutput.ts';
import { RunLogWriter } from './runOutput.ts';
import type { PluginRunner } from './runners/PluginRunner.ts';
import { secretsBaseFor } from './sweepLeftoverSecrets.ts';
import { inStoredTrace, traceEnvironment } from '../telemetry/traceContext.ts';
import { SpanStatusCode } from '@opentelemetry/api';

export interface PhaseOptions {
  context: AppContext;
  runner: PluginRunner;
  workerId: string;
  claimed: ClaimedRun;
  /** Aborted with reason 'cancel', 'lease-lost' or 'shutdown'. */
  signal: AbortSignal;
}

const PLAN_ARTIFACT = 'plan.tfplan';
const planBinding = (runId: string) => `run-artifact:${runId}:${PLAN_ARTIFACT}`;

/** The shared Terraform provider cache of one plugin version (ADR 0077). */
export function pluginCacheDir(dataDir: string, plugin: { name: string; version: string }): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return path.resolve(dataDir, 'tf-plugin-cache', safe(plugin.name), safe(plugin.version));
}

export function runWorkDir(dataDir: string, runId: string): string {
  return path.resolve(dataDir, 'runs', runId, 'work');
}

export async function executeRunPhase(options: PhaseOptions): Promise<void> {
  const { context, claimed, workerId } = options;
  const run = claimed.run;
  const log = new RunLogWriter(context.database, run.id, holderOf(claimed, workerId));
  const applying = run.state === 'applying';
  let transition: RunTransition;
  try {
    // The phase is a span of the trace of the request that created (or approved) the run, whichever
    // worker process claims it (ADR 0039); the plugin gets that span as its TRACEPARENT.
    transition = await inStoredTrace(
      run.trace_context,
      `csoc.run ${applying ? 'apply' : run.kind}`,
      { 'csoc.run.id': run.id, 'csoc.commons': run.commons_name, 'csoc.run.attempt': run.attempt },
      async (span) => {
        const ended = await runPhase(options, log, applying);
        span.setAttribute('csoc.run.outcome', ended.state);
        if (ended.state === 'failed' || ended.state === 'errored')
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: ended.message?.split('\n')[0] ?? ended.state,
          });
        return ended;
      },
    );
  } catch (error) {
    context.logger.error({ err: error, runId: run.id }, 'run phase failed inside CSOC');
    transition = { state: 'errored', message: `CSOC could not execute the run: ${(error as Error).message}` };
  }
  await log.close().catch(() => {});
  if (options.signal.aborted && options.signal.reason === 'lease-lost') return;
  if (options.signal.aborted && options.signal.reason === 'shutdown' && transition.state !== 'succeeded') {
    transition = applying
      ? {
          state: 'errored',
          message:
            'Interrupted by a CSOC shutdown during apply; Terraform saved the state it reached. Plan again.',
        }
      : { state: 'queued', message: null, fields: { started_at: null } };
  }
  // Before the run shows as ended: whoever sees it ended finds its token gone and a failed credential revoked.
  if (isSecretDelivery(run.kind) && TERMINAL_STATES.includes(transition.state))
    await endDelivery(context, run.id, run.kind, run.commons_id, transition.state === 'succeeded');
  const done = await finishPhase(context.database, run.id, holderOf(claimed, workerId), transition);
  if (done && transition.state === 'succeeded' && applying) {
    context.logger.info({ runId: run.id, commons: run.commons_name }, 'run applied');
  }
}

/**
 * A delivery ended: its sealed token is deleted, and a credential that did not reach the secret manager is
 * revoked, so nobody is left with a hash whose token nobody holds and the next deploy issues a new one.
 */
async function endDelivery(
  context: AppContext,
  runId: string,
  kind: SecretDeliveryKind,
  commonsId: string,
  stored: boolean,
) {
  const delivery = await openRunDelivery(context.database, context.vault, runId);
  await deleteRunDelivery(context.database, runId);
  if (stored || !delivery) return;
  if (kind === 'store-agent-join-token') {
    if (await withdrawJoinTokenIfUnused(context.database.db, commonsId, delivery.credentialId))
      await appendRunOutput(
        context.database,
        runId,
        'log',
        'The join token this run was to store was withdrawn, since it is not in the secret manager; the next deploy issues and stores a new one.\n',
      );
    return;
  }
  const revoked = await revokeIngestCredentialIfCurrent(
    context.database.db,
    commonsId,
    delivery.credentialId,
  );
  if (revoked)
    await appendRunOutput(
      context.database,
      runId,
      'log',
      'The ingest credential this run was to store was revoked, since it is not in the secret manager; the next deploy issues and stores a new one.\n',
    );
}

const isSecretDelivery = (kind: string): kind is SecretDeliveryKind =>
  (SECRET_DELIVERY_KINDS as readonly string[]).includes(kind);

async function runPhase(options: PhaseOptions, log: RunLogWriter, applying: boolean): Promise<RunTransition> {
  const { context, claimed } = options;
  const run = claimed.run;
  const plugin = await resolvePlugin(context.database, run.plugin_name, run.plugin_version).catch(
    (error: Error) => {
      throw new Error(`plugin ${run.plugin_name} ${run.plugin_version} cannot run: ${error.message}`);
    },
  );
  const workDir = runWorkDir(context.config.dataDir, run.id);
  // Only CSOC (and the run's own plugin) may read the work dir: it holds plans, inputs and Terraform's data.
  fs.mkdirSync(workDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(workDir), 0o700);
  fs.chmodSync(workDir, 0o700);
  try {
    return await runPluginPhase(options, log, applying, plugin, workDir);
  } finally {
    removePlanFiles(workDir);
  }
}

/**
 * Deletes every saved plan in the work dir when a phase ends, whatever its outcome: the plan a run waits
 * with is sealed in the database (run_artifacts) and written back, 0600, only for the apply.
 */
export function removePlanFiles(workDir: string): void {
  for (const entry of fs.existsSync(workDir) ? fs.readdirSync(workDir) : []) {
    if (entry.endsWith('.tfplan')) fs.rmSync(path.join(workDir, entry), { force: true });
  }
}

async function runPluginPhase(
  options: PhaseOptions,
  log: RunLogWriter,
  applying: boolean,
  plugin: Awaited<ReturnType<typeof resolvePlugin>>,
  workDir: string,
): Promise<RunTransition> {
  const { context, claimed, runner } = options;
  const run = claimed.run;

  let verb: Verb =
    run.kind === 'drift' ? 'drift' : isSecretDelivery(run.kind) ? SECRET_DELIVERY_VERB : 'plan';
  let planFileName: string | undefined;
  let delivery: RunDelivery | undefined;
  if (isSecretDelivery(run.kind)) {
    delivery = await openRunDelivery(context.database, context.vault, run.id);
    if (!delivery)
      return { state: 'failed', message: 'The credential this run was to store is gone; deploy again.' };
  }
  // A delivered secret never reaches the run output, even if a plugin prints it.
  const hidden = Object.values(delivery?.secrets ?? {}).filter((value) => value.length >= 8);
  const scrub = (text: string) => hidden.reduce((out, value) => out.replaceAll(value, '[redacted]'), text);
  if (applying) {
    const latest = await latestStateVersion(context.database, run.commons_id);
    if ((latest ? Number(latest.serial) : 0) !== (run.planned_state_serial ?? 0)) {
      return {
        state: 'failed',
        message: 'The state changed since this plan was made (the plan is stale); plan again.',
      };
    }
    const artifact = await context.database.db
      .selectFrom('run_artifacts')
      .selectAll()
      .where('run_id', '=', run.id)
      .where('name', '=', PLAN_ARTIFACT)
      .executeTakeFirst();
    if (!artifact) return { state: 'errored', message: 'The saved plan of this run is missing; plan again.' };
    fs.writeFileSync(
      path.join(workDir, PLAN_ARTIFACT),
      await openBlob(context.vault, planBinding(run.id), fromSealedColumns(artifact)),
      { mode: 0o600 },
    );
    verb = 'apply';
    planFileName = PLAN_ARTIFACT;
  }

  if (applying && run.kind === 'destroy') {
    // Gen3 leaves first (a GitOps commit, Argo CD prunes it): nothing is left running on what is destroyed.
    const removal = await removeGen3Deployment(context, {
      orgId: run.org_id,
      commonsId: run.commons_id,
      runId: run.id,
      requestedById: run.requested_by_id,
      requestedBy: run.requested_by,
      signal: options.signal,
      log: (line) => log.write(`${line}\n`),
    });
    if (!removal.removed) return { state: 'failed', message: removal.message };
  }

  const account = await readAccountSecrets(context, run.org_id, run.account_name);
  await appendAuditEvent(context.database, {
    actorKind: 'system',
    actorLabel: `worker ${options.workerId}`,
    orgId: run.org_id,
    action: 'credentials.use',
    target: `runs/${run.id}`,
    outcome: 'success',
    summary: { account: run.account_name, verb, commons: run.commons_name },
  });
  await log.record('state', {
    state: run.state,
    message: `${verb} with plugin ${plugin.name} ${plugin.version} (${runner.kind} runner, attempt ${run.attempt})${plugin.name === 'sim' ? ' — SIMULATED, nothing real is created' : ''}`,
  });

  const events: PluginEvent[] = [];
  const parser = createEventStreamParser({
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'log') log.write(scrub(`${event.message}\n`));
      else if (event.type === 'error')
        log.write(scrub(`ERROR: ${event.message}${event.detail ? `\n${event.detail}` : ''}\n`));
      if (event.type !== 'log') {
        // A plan event can carry the whole `terraform show -json`; the summary and resources are enough here.
        const stored = event.type === 'plan' ? { ...event, json: undefined } : event;
        void log.record('event', hidden.length ? JSON.parse(scrub(JSON.stringify(stored))) : stored);
      }
    },
    onGarbage: (garbage) => log.write(scrub(`${garbage.line}\n`)),
  });

  const timeoutSeconds = applying ? context.config.applyTimeoutSeconds : run.timeout_seconds;
  const result = await runner.run({
    runId: run.id,
    verb,
    plugin,
    request: {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'PluginRequest',
      verb,
      runId: run.id,
      commons: { org: run.org_id, name: run.commons_name },
      inputs: JSON.parse(run.inputs) as Record<string, unknown>,
      credentials: { kind: account.kind, public: account.public },
      ...(delivery ? { ingestCredential: delivery.ingestCredential } : {}),
      options: {
        timeoutSeconds: applying ? context.config.applyTimeoutSeconds : run.timeout_seconds,
        // The run keeps a plan's summary and resources, never Terraform's whole JSON plan: not asking for
        // it spares writing, parsing and validating a document the size of the plan on every plan.
        includePlanJson: false,
        ...(run.kind === 'destroy' && !applying ? { destroy: true } : {}),
      },
    },
    workDir,
    pluginCacheDir: pluginCacheDir(context.config.dataDir, plugin),
    planFileName,
    // The delivered token goes into the same 0600 per-invocation file as the account's secrets.
    secrets: { ...account.secrets, ...delivery?.secrets },
    secretsBase: secretsBaseFor(context.database, context.config.dataDir),
    stateBackendUrl: `${context.publicUrl}/api/v1/state/${run.id}`,
    stateUsername: `run-${run.id}`,
    stateToken: claimed.stateToken,
    timeoutMs: timeoutSeconds * 1000,
    traceEnv: traceEnvironment(),
    signal: options.signal,
    onStdout: (chunk) => parser.push(chunk),
    onStderr: (chunk) => log.write(scrub(chunk.toString('utf8'))),
  });
  const summary = parser.end();
  const tail = () => log.lastLines().join('\n');

  if (result.aborted && options.signal.reason === 'cancel')
    return {
      state: 'cancelled',
      message: `Cancelled while ${applying ? 'applying' : 'planning'}; the plugin was stopped and the state lock released.`,
    };
  if (result.aborted) return { state: 'errored', message: 'Interrupted.' };
  if (result.timedOut)
    return {
      state: 'failed',
      message: `The plugin did not finish within ${timeoutSeconds} s and was stopped. Last output:\n${tail()}`,
    };
  const pluginError = summary.errors[summary.errors.length - 1]?.message;
  const driftFound = verb === 'drift' && result.exitCode === 2;
  if (result.exitCode !== 0 && !driftFound) {
    return {
      state: 'failed',
      exitCode: result.exitCode,
      message: `${pluginError ?? `The plugin exited with ${result.exitCode ?? result.signal}.`}${summary.garbage.length ? ` It also wrote ${summary.garbage.length} line(s) that are not events.` : ''} Last output:\n${tail()}`,
    };
  }
  if (summary.garbage.length > 0) {
    return {
      state: 'failed',
      exitCode: result.exitCode,
      message: `The plugin wrote ${summary.garbage.length} line(s) that are not contract events (e.g. "${summary.garbage[0]!.line.slice(0, 120)}"); its result cannot be trusted. Last output:\n${tail()}`,
    };
  }

  if (delivery) {
    return {
      state: 'succeeded',
      exitCode: result.exitCode,
      message: `Stored the ${run.kind === 'store-agent-join-token' ? 'join token' : 'ingest credential'} in ${delivery.ingestCredential.secretName} (property ${delivery.ingestCredential.property}).`,
    };
  }

  if (verb === 'drift') {
    return {
      state: 'succeeded',
      exitCode: result.exitCode,
      message: driftFound
        ? 'Drift found: the real infrastructure differs from the state. See the run output.'
        : 'No drift: the infrastructure matches the state.',
      fields: { drift_detected: driftFound ? 1 : 0 },
    };
  }

  // Fencing (ADR 0062): a worker that lost the run meanwhile leaves the commons and the saved plan alone.
  if (!(await holdsLease(context.database, run.id, holderOf(claimed, options.workerId))))
    return {
      state: 'errored',
      message: 'This worker lost the run (its lease ran out); nothing was recorded.',
    };

  if (applying) {
    const outputs = summary.lastOutputs?.values ?? {};
    await recordInfrastructure(context.database, run.commons_id, {
      status: run.kind === 'destroy' ? 'destroyed' : 'provisioned',
      outputs,
    });
    return { state: 'succeeded', exitCode: 0, message: run.kind === 'destroy' ? 'Destroyed.' : 'Applied.' };
  }

  const plan = summary.lastPlan;
  if (!plan)
    return {
      state: 'failed',
      exitCode: result.exitCode,
      message: `The plugin finished without reporting a plan event. Last output:\n${tail()}`,
    };
  const planSummary = { summary: plan.summary, resources: plan.resources ?? [] };
  const latest = await latestStateVersion(context.database, run.commons_id);
  const fields = {
    plan_summary: JSON.stringify(planSummary),
    planned_state_serial: latest ? Number(latest.serial) : 0,
  };
  const changes = plan.summary.add + plan.summary.change + plan.summary.destroy;
  if (changes === 0)
    return {
      state: 'succeeded',
      exitCode: 0,
      message: 'No changes: the infrastructure matches the configuration.',
      fields,
    };
  const planPath = plan.planFile ? path.resolve(workDir, plan.planFile) : path.join(workDir, PLAN_ARTIFACT);
  if (!fs.existsSync(planPath))
    return {
      state: 'failed',
      message: `The plugin reported a plan but no saved plan file at ${plan.planFile ?? PLAN_ARTIFACT}.`,
    };
  const bytes = fs.readFileSync(planPath);
  const sealed = await sealBlob(context.vault, planBinding(run.id), bytes);
  await context.database.db
    .deleteFrom('run_artifacts')
    .where('run_id', '=', run.id)
    .where('name', '=', PLAN_ARTIFACT)
    .execute();
  await context.database.db
    .insertInto('run_artifacts')
    .values({
      id: newId(),
      run_id: run.id,
      name: PLAN_ARTIFACT,
      size: bytes.length,
      created_at: nowIso(),
      ...toSealedColumns(sealed),
    })
    .execute();
  return {
    state: 'planned',
    exitCode: 0,
    message: `Plan: ${plan.summary.add} to add, ${plan.summary.change} to change, ${plan.summary.destroy} to destroy. Waiting for approval.`,
    fields,
  };
}
