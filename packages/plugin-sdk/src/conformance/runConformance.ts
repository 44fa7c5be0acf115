// The conformance kit: runs a plugin the way the host does (local process, request file, secrets in a
// file) and checks it keeps the contract — manifest, event stream, exit codes, outputs, secrets. It reports
// every violation it finds, so one run shows an author everything to fix.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createAjv } from '../createAjv.ts';
import { formatSchemaErrors } from '../schemaProblems.ts';
import { API_VERSION } from '../contractVersion.ts';
import { EXIT_DRIFT, EXIT_OK, type PluginEvent } from '../eventSchema.ts';
import type { PluginManifest } from '../manifestSchema.ts';
import { createEventStreamParser, type EventStreamSummary, type GarbageLine } from '../parseEventLine.ts';
import { REQUEST_FILE_ENV, type PluginRequest, type Verb } from '../requestSchema.ts';
import { validateManifest } from '../validateManifest.ts';

export interface ConformanceOptions {
  /** The plugin folder (holds manifest.json; the runtime command runs there). */
  pluginDir: string;
  /** Also run apply, outputs, drift and destroy (they change real infrastructure for real plugins). */
  full?: boolean;
  /** Inputs for the request; default: the manifest's `examples.inputs`. */
  inputs?: Record<string, unknown>;
  /** Credentials for the request; default: kind = the plugin's first cloud, no public parts. */
  credentials?: { kind: string; public?: Record<string, unknown>; secrets?: Record<string, string> };
  /** Per-verb timeout in seconds (default 300). */
  timeoutSeconds?: number;
  /** Extra environment for the plugin process. */
  env?: NodeJS.ProcessEnv;
  /** Keep the temporary working directory (its path is in the report). */
  keepWorkDir?: boolean;
  /** Called after each verb (the CLI prints progress with it). */
  onVerb?: (report: VerbReport) => void;
  /** Static checks of the plugin folder run before the verbs, e.g. providerSchemaCheck from `@csoc/plugin-sdk/terraform-schema`. */
  checks?: ConformanceCheck[];
}

/** A static check of a plugin folder: its violations, and notes on what it could not check. */
export type ConformanceCheck = (
  pluginDir: string,
) => Promise<{ violations: ConformanceViolation[]; notes?: string[] }>;

/** One broken rule. `check` is a stable id (`events.garbage`, `secrets.leak`, ...). */
export interface ConformanceViolation {
  check: string;
  message: string;
  verb?: Verb;
  line?: number;
}

export interface VerbReport {
  verb: Verb;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  events: number;
  garbage: GarbageLine[];
  stderrTail: string;
}

export interface ConformanceReport {
  pluginDir: string;
  ok: boolean;
  violations: ConformanceViolation[];
  verbs: VerbReport[];
  /** Verbs not run, with why. */
  skipped: { verb: Verb; reason: string }[];
  /** Only when `keepWorkDir`. */
  workDir?: string;
  /** What the static checks could not check (not violations). */
  notes?: string[];
}

interface VerbRun {
  report: VerbReport;
  summary: EventStreamSummary;
  eventsSeen: PluginEvent[];
  stdout: string;
  stderr: string;
}

const MAX_GARBAGE_REPORTED = 20;
const STDERR_TAIL = 2000;

/** Environment for the plugin: the caller's, minus CSOC's own variables (a plugin gets only its request). */
function pluginEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('CSOC_') && !key.startsWith('CSOC_TF_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs the conformance checks on a plugin folder and reports every violation.
 *
 * @example
 * const report = await runConformance({ pluginDir: 'plugins/sim', full: true });
 * if (!report.ok) console.error(formatConformanceReport(report));
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const pluginDir = resolve(options.pluginDir);
  const violations: ConformanceViolation[] = [];
  const verbs: VerbReport[] = [];
  const skipped: { verb: Verb; reason: string }[] = [];
  const notes: string[] = [];
  let keptWorkDir: string | undefined;
  const report = (): ConformanceReport => ({
    pluginDir,
    ok: violations.length === 0,
    violations,
    verbs,
    skipped,
    ...(keptWorkDir ? { workDir: keptWorkDir } : {}),
    ...(notes.length ? { notes } : {}),
  });

  // 1. The manifest.
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(await readFile(join(pluginDir, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch (error) {
    violations.push({
      check: 'manifest.read',
      message: `cannot read manifest.json: ${(error as Error).message}`,
    });
    return report();
  }
  const validation = validateManifest(document);
  if (!validation.ok) {
    for (const problem of validation.problems) {
      violations.push({ check: 'manifest.invalid', message: `${problem.path}: ${problem.message}` });
    }
  }
  for (const check of options.checks ?? []) {
    const result = await check(pluginDir);
    violations.push(...result.violations);
    notes.push(...(result.notes ?? []));
  }
  // Run the plugin even with an invalid manifest when it can be started: authors see every problem at once.
  const manifest = document as unknown as PluginManifest;
  const command = (document.runtime as { command?: unknown } | undefined)?.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string')) {
    violations.push({
      check: 'manifest.runtime-command',
      message: 'runtime.command is missing: the conformance kit runs the plugin as a local process with it',
    });
    return report();
  }
  const capabilities = Array.isArray(manifest.capabilities) ? manifest.capabilities : [];

  // 2. Inputs.
  const inputs = options.inputs ?? manifest.examples?.inputs;
  if (!inputs) {
    violations.push({
      check: 'inputs.example',
      message: 'no inputs to run with: add examples.inputs to the manifest or pass inputs (--inputs)',
    });
    return report();
  }
  if (validation.ok) {
    const validateInputs = createAjv().compile(manifest.inputs);
    if (!validateInputs(structuredClone(inputs))) {
      for (const problem of formatSchemaErrors(validateInputs.errors, 'inputs')) {
        violations.push({ check: 'inputs.example', message: `${problem.path}: ${problem.message}` });
      }
    }
  }

  // 3. A working directory, and a secret to hand in and watch for.
  const root = await mkdtemp(join(tmpdir(), 'csoc-conformance-'));
  const workDir = join(root, 'work');
  if (options.keepWorkDir) keptWorkDir = root;
  const canary = `csoc-conformance-secret-${randomBytes(12).toString('hex')}`;
  const secretsFile = join(root, 'secrets.json');
  await writeFile(
    secretsFile,
    JSON.stringify({ ...options.credentials?.secrets, conformanceCanary: canary }),
    {
      mode: 0o600,
    },
  );
  const secretValues = [canary, ...Object.values(options.credentials?.secrets ?? {})].filter(
    (s) => s.length >= 4,
  );
  const runId = `conformance-${randomBytes(6).toString('hex')}`;
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const commonsName = typeof inputs.name === 'string' ? inputs.name : 'conformance';

  async function runVerb(verb: Verb, extra: Partial<PluginRequest> = {}): Promise<VerbRun> {
    const request: PluginRequest = {
      apiVersion: API_VERSION,
      kind: 'PluginRequest',
      verb,
      runId,
      commons: { org: 'conformance', name: commonsName },
      inputs: structuredClone(inputs!),
      credentials: {
        kind:
          options.credentials?.kind ??
          (Array.isArray(manifest.clouds) ? (manifest.clouds[0] ?? 'sim') : 'sim'),
        public: options.credentials?.public ?? {},
        secretsFile,
      },
      workDir,
      options: { timeoutSeconds },
      ...extra,
    };
    const requestFile = join(root, `request-${verb}.json`);
    await writeFile(requestFile, JSON.stringify(request, null, 2));
    const eventsSeen: PluginEvent[] = [];
    const parser = createEventStreamParser({
      onEvent: (event) => eventsSeen.push(event),
      onUnknown: (type, _value, line) =>
        violations.push({
          check: 'events.unknown-type',
          verb,
          line,
          message: `event type "${type}" is not part of events v1`,
        }),
    });
    const started = Date.now();
    const [executable, ...args] = command as string[];
    const child = spawn(executable!, [...args, verb], {
      cwd: pluginDir,
      env: pluginEnv({ ...options.env, [REQUEST_FILE_ENV]: requestFile }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      parser.push(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutSeconds * 1000);
    const exitCode = await new Promise<number | null>((resolveExit) => {
      child.on('error', (error) => {
        violations.push({
          check: 'verb.spawn',
          verb,
          message: `cannot start ${executable}: ${error.message}`,
        });
        resolveExit(null);
      });
      child.on('close', (code) => resolveExit(code));
    });
    clearTimeout(timer);
    const summary = parser.end();
    const verbReport: VerbReport = {
      verb,
      exitCode,
      timedOut,
      durationMs: Date.now() - started,
      events: summary.events,
      garbage: summary.garbage,
      stderrTail: redactAll(stderr.slice(-STDERR_TAIL), secretValues),
    };
    verbs.push(verbReport);
    options.onVerb?.(verbReport);
    checkStream(verb, { report: verbReport, summary, eventsSeen, stdout, stderr });
    return { report: verbReport, summary, eventsSeen, stdout, stderr };
  }

  function checkStream(verb: Verb, run: VerbRun): void {
    const { report: verbReport, summary } = run;
    if (verbReport.timedOut) {
      violations.push({ check: 'verb.timeout', verb, message: `did not finish within ${timeoutSeconds} s` });
    }
    for (const garbage of summary.garbage.slice(0, MAX_GARBAGE_REPORTED)) {
      violations.push({
        check: 'events.garbage',
        verb,
        line: garbage.lineNumber,
        message: `stdout line ${garbage.lineNumber} is not a valid event (${garbage.reason}): ${redactAll(garbage.line, secretValues)}`,
      });
    }
    if (summary.garbage.length > MAX_GARBAGE_REPORTED) {
      violations.push({
        check: 'events.garbage',
        verb,
        message: `and ${summary.garbage.length - MAX_GARBAGE_REPORTED} more invalid stdout lines`,
      });
    }
    for (const [stream, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ] as const) {
      for (const secret of secretValues) {
        if (!text.includes(secret)) continue;
        const line = text.slice(0, text.indexOf(secret)).split('\n').length;
        violations.push({
          check: 'secrets.leak',
          verb,
          line,
          message: `a secret value handed in through credentials.secretsFile appears on ${stream} (line ${line})`,
        });
      }
    }
    const code = verbReport.exitCode;
    if (code === null) return;
    const errors = summary.errors.length;
    const expected = verb === 'drift' ? [EXIT_OK, EXIT_DRIFT] : [EXIT_OK];
    if (!expected.includes(code) && errors === 0) {
      violations.push({
        check: 'exit.error-event',
        verb,
        message: `exited with code ${code} without writing an error event (a failed verb must say why)`,
      });
    }
    if (expected.includes(code) && errors > 0) {
      violations.push({
        check: 'exit.error-event',
        verb,
        message: `wrote ${errors} error event(s) but exited ${code} (a verb that reports an error must fail)`,
      });
    }
  }

  function expectExit(run: VerbRun, verb: Verb, wanted: number, why: string): boolean {
    if (run.report.exitCode === wanted) return true;
    const errors = run.summary.errors.map((e) => e.message).join('; ');
    violations.push({
      check: 'exit.code',
      verb,
      message: `exited with code ${run.report.exitCode ?? 'none (killed)'}, expected ${wanted} (${why})${errors ? `; errors: ${errors}` : ''}`,
    });
    return false;
  }

  function checkOutputs(verb: Verb, outputs: Extract<PluginEvent, { type: 'outputs' }> | undefined): void {
    if (!outputs) {
      violations.push({ check: 'outputs.event', verb, message: 'wrote no outputs event' });
      return;
    }
    if (!validation.ok) return;
    const validateOutputs = createAjv().compile(manifest.outputs);
    // Sensitive outputs are withheld from events by design; the schema cannot require them there.
    const withheld = new Set(outputs.sensitive ?? []);
    const errors = validateOutputs(structuredClone(outputs.values))
      ? []
      : (validateOutputs.errors ?? []).filter(
          (e) => !(e.keyword === 'required' && withheld.has(String(e.params.missingProperty))),
        );
    for (const problem of formatSchemaErrors(errors, 'outputs')) {
      violations.push({
        check: 'outputs.schema',
        verb,
        message: `${problem.path}: ${problem.message} (the manifest's outputs schema)`,
      });
    }
  }

  try {
    // describe
    const describe = await runVerb('describe');
    if (expectExit(describe, 'describe', EXIT_OK, 'describe must succeed')) {
      const answer = describe.summary.manifest;
      if (!answer) {
        violations.push({ check: 'describe.manifest', verb: 'describe', message: 'wrote no manifest event' });
      } else if (!isDeepStrictEqual(answer.manifest, document)) {
        violations.push({
          check: 'describe.manifest',
          verb: 'describe',
          message:
            'the manifest event differs from manifest.json (describe must answer with the shipped manifest)',
        });
      }
    }

    // plan
    const plan = await runVerb('plan');
    const planOk = expectExit(plan, 'plan', EXIT_OK, 'plan must succeed with the example inputs');
    const planEvents = plan.eventsSeen.filter((e) => e.type === 'plan');
    const planEvent = planEvents.at(-1) as Extract<PluginEvent, { type: 'plan' }> | undefined;
    if (planOk && !planEvent) {
      violations.push({ check: 'plan.event', verb: 'plan', message: 'wrote no plan event' });
    }
    if (planEvents.length > 1) {
      violations.push({
        check: 'plan.event',
        verb: 'plan',
        message: `wrote ${planEvents.length} plan events, expected one`,
      });
    }
    if (planEvent) {
      const counted = { add: 0, change: 0, destroy: 0 };
      for (const resource of planEvent.resources) {
        if (resource.action === 'create') counted.add += 1;
        if (resource.action === 'update') counted.change += 1;
        if (resource.action === 'delete') counted.destroy += 1;
        if (resource.action === 'replace') {
          counted.add += 1;
          counted.destroy += 1;
        }
      }
      if (!isDeepStrictEqual(counted, { ...planEvent.summary })) {
        violations.push({
          check: 'plan.summary',
          verb: 'plan',
          message: `the summary ${JSON.stringify(planEvent.summary)} does not match the resources listed ${JSON.stringify(counted)}`,
        });
      }
      if (planEvent.planFile) {
        const path = resolve(workDir, planEvent.planFile);
        if (
          !(await access(path).then(
            () => true,
            () => false,
          ))
        ) {
          violations.push({
            check: 'plan.file',
            verb: 'plan',
            message: `planFile ${planEvent.planFile} does not exist`,
          });
        }
      }
    }

    if (!options.full) {
      for (const verb of ['apply', 'outputs', 'drift', 'destroy'] as const) {
        skipped.push({ verb, reason: 'not in full mode' });
      }
      return report();
    }
    if (!planOk) {
      for (const verb of ['apply', 'outputs', 'drift', 'destroy'] as const) {
        skipped.push({ verb, reason: 'plan failed' });
      }
      return report();
    }

    // apply (the saved plan when the plugin gave one), outputs, drift, destroy
    if (capabilities.includes('apply')) {
      const apply = await runVerb(
        'apply',
        planEvent?.planFile ? { planFile: resolve(workDir, planEvent.planFile) } : {},
      );
      if (expectExit(apply, 'apply', EXIT_OK, 'apply of the plan must succeed')) {
        checkOutputs('apply', apply.summary.lastOutputs);
      }
    } else skipped.push({ verb: 'apply', reason: 'no apply capability' });

    if (capabilities.includes('outputs')) {
      const outputs = await runVerb('outputs');
      if (expectExit(outputs, 'outputs', EXIT_OK, 'outputs must succeed after apply')) {
        checkOutputs('outputs', outputs.summary.lastOutputs);
      }
    } else skipped.push({ verb: 'outputs', reason: 'no outputs capability' });

    if (capabilities.includes('drift')) {
      const drift = await runVerb('drift');
      expectExit(drift, 'drift', EXIT_OK, 'nothing can have drifted right after apply');
    } else skipped.push({ verb: 'drift', reason: 'no drift capability' });

    if (capabilities.includes('destroy')) {
      const destroy = await runVerb('destroy');
      expectExit(destroy, 'destroy', EXIT_OK, 'destroy must succeed');
    } else skipped.push({ verb: 'destroy', reason: 'no destroy capability' });

    return report();
  } finally {
    if (!options.keepWorkDir) await rm(root, { recursive: true, force: true });
  }
}

function redactAll(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('[redacted]');
  return result;
}

/** Renders a report for people: one line per verb, then every violation. */
export function formatConformanceReport(report: ConformanceReport): string {
  const lines = [`Conformance of ${report.pluginDir}: ${report.ok ? 'PASSED' : 'FAILED'}`];
  for (const verb of report.verbs) {
    lines.push(
      `  ${verb.verb.padEnd(8)} exit ${verb.exitCode ?? '-'}  ${verb.events} events  ${verb.garbage.length} invalid lines  ${verb.durationMs} ms${verb.timedOut ? '  TIMED OUT' : ''}`,
    );
  }
  for (const skip of report.skipped) lines.push(`  ${skip.verb.padEnd(8)} skipped: ${skip.reason}`);
  if (report.violations.length > 0) {
    lines.push(`${report.violations.length} violation(s):`);
    for (const v of report.violations) {
      lines.push(`  - [${v.check}]${v.verb ? ` ${v.verb}:` : ''} ${v.message}`);
    }
  }
  for (const note of report.notes ?? []) lines.push(`  note: ${note}`);
  if (report.workDir) lines.push(`Working directory kept: ${report.workDir}`);
  return lines.join('\n');
}
