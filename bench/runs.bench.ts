// Orchestration overhead of the run engine: the same sim plan+apply through CSOC (API → queue → worker →
// plugin → Terraform → state backend) and through the terraform CLI alone, interleaved sample by sample
// so load on the machine falls on both alike, median as a ratio (`npm run bench -- overhead`); then 50
// concurrent sim applies on one worker host: runs per minute and queue pick-up latency (`runs`: both).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toTerraformVariables } from '@csoc/plugin-sim/internal/toTerraformVariables.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { median, printTable, round, startBenchCsoc } from './benchKit.ts';

const SAMPLES = 5;
const CONCURRENT = 50;

/** Seconds of each Terraform command of the last `terraformAloneSeconds()`, for the phase table. */
const aloneCommandSeconds: Record<string, number[]> = { init: [], plan: [], apply: [] };

function terraformAloneSeconds(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-tf-'));
  fs.cpSync(path.resolve('plugins/sim/terraform'), dir, { recursive: true });
  const cliConfig = path.join(dir, 'cli.tfrc');
  fs.writeFileSync(cliConfig, 'provider_installation {\n  direct {\n    exclude = ["*/*/*"]\n  }\n}\n');
  const defaults = {
    name: 'bench',
    region: 'us-sim-1',
    sizeTier: 'small',
    databaseTier: 'small',
    searchEnabled: true,
    buckets: [],
    simulation: { resourceDelaySeconds: 0, failApplyShare: 0 },
  };
  fs.writeFileSync(
    path.join(dir, 'terraform.tfvars.json'),
    JSON.stringify(toTerraformVariables(defaults as never, { runId: 'bench' } as never)),
  );
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
  };
  const started = performance.now();
  for (const args of [
    ['init', '-input=false'],
    ['plan', '-input=false', '-out=plan.tfplan'],
    ['apply', '-input=false', 'plan.tfplan'],
  ]) {
    const commandStarted = performance.now();
    execFileSync('terraform', args, { cwd: dir, env, stdio: 'ignore' });
    aloneCommandSeconds[args[0]!]!.push((performance.now() - commandStarted) / 1000);
  }
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

export async function benchRuns(): Promise<void> {
  const csoc = await startBenchCsoc(undefined, { CSOC_WORKER_CONCURRENCY: '8' });
  await csoc.admin.post('/api/v1/orgs', { slug: 'bench-runs', name: 'Bench' });
  await createSimAccount(csoc.admin, 'bench-runs');
  await measureOverhead(csoc);
  await measureThroughput(csoc);
  await stopAndRemove(csoc);
}

/** Only the plan+apply overhead ratio. */
export async function benchRunOverhead(): Promise<void> {
  const csoc = await startBenchCsoc(undefined, { CSOC_WORKER_CONCURRENCY: '8' });
  await csoc.admin.post('/api/v1/orgs', { slug: 'bench-runs', name: 'Bench' });
  await createSimAccount(csoc.admin, 'bench-runs');
  await measureOverhead(csoc);
  await stopAndRemove(csoc);
}

type BenchCsoc = Awaited<ReturnType<typeof startBenchCsoc>>;

/** Stops the bench's CSOC and removes its data dir and its SQLite database's folder. */
async function stopAndRemove(csoc: BenchCsoc): Promise<void> {
  await csoc.stop();
  const database = csoc.context.config.databaseUrl ?? '';
  if (database.startsWith('sqlite:'))
    fs.rmSync(path.dirname(database.slice('sqlite:'.length)), { recursive: true, force: true });
  fs.rmSync(csoc.dataDir, { recursive: true, force: true });
}

async function measureOverhead(csoc: BenchCsoc): Promise<void> {
  // The bench follows each run's live output (SSE), as the portal does, with a read-only API token.
  const token = (await csoc.admin.post('/api/v1/orgs/bench-runs/tokens', { name: 'bench', role: 'viewer' }))
    .body.token as string;
  const alone: number[] = [];
  const through: number[] = [];
  const phases: Record<string, number>[] = [];
  for (let index = 0; index < SAMPLES; index++) {
    alone.push(terraformAloneSeconds());
    const name = `seq-${index}`;
    await csoc.admin.post('/api/v1/orgs/bench-runs/commons', simCommonsDocument(name));
    const started = performance.now();
    const run = await csoc.admin.post(`/api/v1/orgs/bench-runs/commons/${name}/runs`, {});
    const plannedOrEnded = await followRun(csoc, token, run.body.id, 'planned');
    if (plannedOrEnded !== 'planned') throw new Error(`bench plan ended ${plannedOrEnded}`);
    await csoc.admin.post(`/api/v1/orgs/bench-runs/runs/${run.body.id}/approve`);
    const ended = await followRun(csoc, token, run.body.id, 'end');
    through.push((performance.now() - started) / 1000);
    if (ended !== 'succeeded') {
      const done = (await csoc.admin.get(`/api/v1/orgs/bench-runs/runs/${run.body.id}`)).body;
      throw new Error(`bench run ended ${done.state}: ${done.message}`);
    }
    phases.push(await phasesOfRun(csoc, run.body.id));
  }
  printTable(`Orchestration overhead: one sim plan+apply, median of ${SAMPLES} (target ratio ≤ 1.5)`, [
    { path: 'terraform CLI alone (init, plan -out, apply plan)', 'median s': round(median(alone)) },
    {
      path: 'CSOC: API → queue → worker → plugin → Terraform → state backend',
      'median s': round(median(through)),
    },
    { path: 'ratio CSOC / terraform alone', 'median s': round(median(through) / median(alone)) },
  ]);
  printTable(`Where a CSOC plan+apply spends its time, median of ${SAMPLES} (from the run's records)`, [
    ...Object.keys(phases[0]!).map((phase) => ({
      phase,
      'median s': round(median(phases.map((sample) => sample[phase]!)), 3),
    })),
    ...Object.entries(aloneCommandSeconds).map(([command, seconds]) => ({
      phase: `(terraform alone: ${command})`,
      'median s': round(median(seconds), 3),
    })),
  ]);
  // The machine is shared: the load during the samples says how far the absolute times can be trusted.
  console.log(
    `load average (1, 5, 15 min) after the samples: ${os
      .loadavg()
      .map((l) => round(l))
      .join(', ')}`,
  );
}

/**
 * The phases of one finished plan+apply, from what the run recorded: its timestamps, the state records
 * CSOC writes as a phase starts and ends, and the plugin's own events (stamped by the plugin as it writes
 * them): progress 0 is the plugin's first recorded event, progress 1/2 start init/plan, the plan and
 * outputs events end the plan and the apply. The apply's plugin records no event before Terraform's first
 * resource (its first lines are log text, recorded with CSOC's time as they are flushed), so its first
 * phase holds the plugin's start, the prepare, the init check and Terraform's own start.
 */
async function phasesOfRun(csoc: BenchCsoc, runId: string): Promise<Record<string, number>> {
  const db = csoc.context.database.db;
  const run = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  const records = await db
    .selectFrom('run_output')
    .select(['kind', 'data', 'created_at'])
    .where('run_id', '=', runId)
    .where('kind', 'in', ['state', 'event'])
    .orderBy('seq')
    .execute();
  const at = (predicate: (record: any) => boolean, after = 0): number => {
    for (const record of records) {
      const data = JSON.parse(record.data);
      const time = Date.parse(record.kind === 'event' ? data.time : record.created_at);
      if (time >= after && predicate({ kind: record.kind, ...data })) return time;
    }
    throw new Error(`run ${runId}: a record the phase table needs is missing`);
  };
  const created = Date.parse(run.created_at);
  const planClaimed = Date.parse(run.started_at!);
  // The record runPhase writes as it hands the phase to the plugin ("plan with plugin sim …").
  const handedToPlugin = (verb: string) => (r: any) =>
    r.kind === 'state' && String(r.message).startsWith(`${verb} with plugin`);
  const planStarting = at(handedToPlugin('plan'));
  const planPluginUp = at((r) => r.type === 'progress' && r.step === 0, planStarting);
  const initStarts = at((r) => r.type === 'progress' && r.step === 1, planStarting);
  const planStarts = at((r) => r.type === 'progress' && r.step === 2, planStarting);
  const planEvent = at((r) => r.type === 'plan', planStarting);
  const planned = at((r) => r.kind === 'state' && r.state === 'planned');
  const approved = Date.parse(run.approved_at!);
  const applyStarting = at(handedToPlugin('apply'), planned);
  const applyPluginUp = at((r) => r.type === 'progress', applyStarting);
  const outputs = at((r) => r.type === 'outputs', applyStarting);
  const finished = Date.parse(run.finished_at!);
  const seconds = (from: number, to: number) => (to - from) / 1000;
  return {
    'API create → plan claimed by a worker': seconds(created, planClaimed),
    'plan: claimed → plugin started (CSOC: plugin, account, audit)': seconds(planClaimed, planStarting),
    'plan: plugin process start (sandbox, node, bundle, validators, request)': seconds(
      planStarting,
      planPluginUp,
    ),
    'plan: prepare the working directory': seconds(planPluginUp, initStarts),
    'plan: terraform init': seconds(initStarts, planStarts),
    'plan: terraform plan (and the plan event)': seconds(planStarts, planEvent),
    'plan: plugin exit → planned (plan sealed, lease given up)': seconds(planEvent, planned),
    'planned → approved (the bench sees it in the live output, then approves)': seconds(planned, approved),
    'approved → apply claimed and started (stale check, plan unsealed, audit)': seconds(
      approved,
      applyStarting,
    ),
    'apply: plugin start, prepare, init reused, terraform apply to its first resource': seconds(
      applyStarting,
      applyPluginUp,
    ),
    'apply: terraform apply (first resource to its outputs)': seconds(applyPluginUp, outputs),
    'apply: plugin exit → succeeded (outputs recorded)': seconds(outputs, finished),
    'whole run (API create → succeeded)': seconds(created, finished),
  };
}

/**
 * Follows a run's live output (`/output/stream`, Server-Sent Events) until a state record says `state`, or
 * with `end`, until the stream ends with the run; returns the state reached. The stream of a run executed
 * in the same process wakes at each record (a 20 ms poll of the run added 10 ms on average per wait).
 */
async function followRun(csoc: BenchCsoc, token: string, runId: string, state: string): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`run ${runId} not ${state} after 120 s`)),
    120_000,
  );
  try {
    const response = await fetch(`${csoc.url}/api/v1/orgs/bench-runs/runs/${runId}/output/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`output stream of ${runId}: ${response.status}`);
    const decoder = new TextDecoder();
    let pending = '';
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      pending += decoder.decode(read.value, { stream: true });
      let boundary = pending.indexOf('\n\n');
      while (boundary !== -1) {
        const message = pending.slice(0, boundary);
        pending = pending.slice(boundary + 2);
        boundary = pending.indexOf('\n\n');
        const event = /^event: (.*)$/m.exec(message)?.[1];
        const data = /^data: (.*)$/m.exec(message)?.[1];
        if (event === 'end') return (JSON.parse(data ?? '{}') as { state: string }).state;
        if (event === 'state' && state !== 'end' && JSON.parse(data ?? '{}').state === state) return state;
      }
    }
    throw new Error(`the output stream of ${runId} ended before the run was ${state}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function measureThroughput(csoc: BenchCsoc): Promise<void> {
  // 50 commons planned and applied at once on one worker host (concurrency 8).
  for (let index = 0; index < CONCURRENT; index++)
    await csoc.admin.post('/api/v1/orgs/bench-runs/commons', simCommonsDocument(`fleet-${index}`));
  const started = performance.now();
  const runIds = await Promise.all(
    Array.from(
      { length: CONCURRENT },
      async (_, index) =>
        (await csoc.admin.post(`/api/v1/orgs/bench-runs/commons/fleet-${index}/runs`, {})).body.id as string,
    ),
  );
  await Promise.all(
    runIds.map(async (runId) => {
      await waitForRun(csoc.admin, 'bench-runs', runId, ['planned'], 900_000);
      await csoc.admin.post(`/api/v1/orgs/bench-runs/runs/${runId}/approve`);
      await waitForRun(csoc.admin, 'bench-runs', runId, [], 900_000);
    }),
  );
  const minutes = (performance.now() - started) / 60_000;
  const rows = await csoc.context.database.db
    .selectFrom('runs')
    .select(['created_at', 'started_at', 'state'])
    .where('commons_name', 'like', 'fleet-%')
    .execute();
  const pickUp = rows
    .map((row) => (Date.parse(row.started_at!) - Date.parse(row.created_at)) / 1000)
    .sort((a, b) => a - b);
  const percentile = (p: number) =>
    pickUp[Math.min(pickUp.length - 1, Math.floor((p / 100) * pickUp.length))]!;
  printTable(`${CONCURRENT} concurrent sim plan+apply runs, one worker host (concurrency 8, 2 cores)`, [
    { measure: 'succeeded', value: rows.filter((row) => row.state === 'succeeded').length },
    { measure: 'total minutes', value: round(minutes) },
    { measure: 'runs (plan+apply) per minute', value: round(CONCURRENT / minutes) },
    { measure: 'queue pick-up latency p50 (s)', value: round(percentile(50)) },
    { measure: 'queue pick-up latency p95 (s)', value: round(percentile(95)) },
  ]);
}
