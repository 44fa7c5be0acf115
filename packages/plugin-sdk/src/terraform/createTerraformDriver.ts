// Drives Terraform/OpenTofu for one verb: prepares a working directory (the plugin's root module, the CSOC
// http state backend, tfvars from the inputs, a CLI config that never phones home), runs the commands with
// `-json`, and turns their output into contract events. Backend credentials travel only in the environment.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EventWriter } from '../createEventWriter.ts';
import type { PlannedResource, PlanSummary } from '../eventSchema.ts';
import { ReportedError } from '../pluginErrors.ts';
import { readStatePassword } from '../readRequest.ts';
import type { PluginRequest } from '../requestSchema.ts';
import { findTerraformBinary } from './findTerraformBinary.ts';
import { mirrorIsUnpackedOnly, PLUGIN_CACHE_ENV, withCacheLock } from './providerCache.ts';
import { summarizePlan, summarizeResources, type TerraformShowPlan } from './summarizePlan.ts';
import { createTerraformUiTranslator, type TerraformUiTranslator } from './translateTerraformUi.ts';

/** Environment variable naming a provider mirror directory (`provider_installation { filesystem_mirror }`). */
export const PLUGIN_MIRROR_ENV = 'CSOC_TF_PLUGIN_MIRROR';

/** Folder inside `request.workDir` the driver owns: the copy of the root module and, in local mode, the state. */
export const ROOT_MODULE_DIR = 'terraform';

export interface TerraformDriverOptions {
  request: PluginRequest;
  events: EventWriter;
  /** The plugin's Terraform root module (copied into `<workDir>/terraform`). */
  terraformDir: string;
  /** Written to `terraform.tfvars.json`; defaults to `request.inputs`. */
  variables?: Record<string, unknown>;
  /** Engine binary; defaults to `findTerraformBinary()` (tofu if on PATH, else terraform). */
  binary?: string;
  /** Base environment for Terraform; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Provider mirror directory; defaults to `$CSOC_TF_PLUGIN_MIRROR`. With a mirror nothing is downloaded. */
  pluginMirror?: string;
  /** Without a mirror: may Terraform download providers from their registries? Default true. */
  allowProviderDownload?: boolean;
  /**
   * This plugin version's shared provider cache (ADR 0077); defaults to `$CSOC_TF_PLUGIN_CACHE_DIR`, which
   * the runners set. `init` fills it under a lock and links the workspace to it; not used in front of a
   * mirror that holds only unpacked providers (Terraform links to those directly).
   */
  pluginCacheDir?: string;
  /** Interrupts Terraform (SIGINT, then SIGKILL after the grace period) when aborted. */
  signal?: AbortSignal;
  /** Seconds between SIGINT and SIGKILL on abort; default 30 (time for Terraform to release the lock). */
  interruptGraceSeconds?: number;
  /** Prefix for log messages, e.g. `[simulated] `. */
  logPrefix?: string;
  /** Put `terraform show -json` into plan events; defaults to `request.options.includePlanJson ?? true`. */
  includePlanJson?: boolean;
}

export interface TerraformPlanResult {
  summary: PlanSummary;
  resources: PlannedResource[];
  hasChanges: boolean;
  planFile: string;
}

export interface TerraformOutputs {
  /** Non-sensitive output values. */
  values: Record<string, unknown>;
  /** Names of sensitive outputs, withheld from events. */
  sensitive: string[];
}

export interface TerraformDriver {
  readonly binary: string;
  /** The root module copy Terraform runs in (`<workDir>/terraform`). */
  readonly rootDir: string;
  /**
   * The environment Terraform runs with (holds TF_HTTP_PASSWORD: never log it). Only Terraform's own
   * processes get it, not the plugin's: a saved plan embeds its backend configuration, so a -backend-config
   * password would be stored in the plan and outlive the run-scoped token (docs/adr/0013).
   */
  readonly env: NodeJS.ProcessEnv;
  /** Copies the module, writes backend.tf (remote state only), terraform.tfvars.json and the CLI config. */
  prepare(): Promise<void>;
  /** `terraform init`, skipped when this working directory was initialized from the very same files. */
  init(): Promise<void>;
  /** `plan -out` (then `show -json` when the plan's JSON is asked for); writes the plan event. */
  plan(options?: { destroy?: boolean }): Promise<TerraformPlanResult>;
  /** Applies the saved plan (exactly) or, without one, plans and applies; writes the outputs event. */
  apply(options?: { planFile?: string }): Promise<TerraformOutputs>;
  /** Applies a saved destroy plan, or runs `destroy -auto-approve`. */
  destroy(options?: { planFile?: string }): Promise<void>;
  /** `plan -refresh-only -detailed-exitcode`; writes a refresh-only plan event; `hasChanges` = drift found. */
  drift(): Promise<TerraformPlanResult>;
  /** `output -json`; writes the outputs event. */
  outputs(): Promise<TerraformOutputs>;
}

interface CommandResult {
  code: number;
  stdout: string;
  stderrTail: string;
}

const STDERR_TAIL_LENGTH = 4000;
/** Entries of the root module copy that survive `prepare()`: Terraform's own data and the local state. */
const KEPT_ENTRIES = new Set([
  '.terraform',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  '.terraform.tfstate.lock.info',
]);

/**
 * Inside `.terraform`: what the last successful init was made from, and the dependency lock file it left.
 * The apply of a run reuses the working directory its plan initialized: a second `terraform init` found
 * nothing new and cost a process start, a backend round trip and the provider checks.
 */
const INIT_FINGERPRINT_FILE = 'csoc-init.sha256';
const INIT_LOCK_FILE = 'csoc-init.lock.hcl';
const LOCK_FILE = '.terraform.lock.hcl';
/** Beside the plan: its digest and how many resources it changes, so the apply need not `show` it again. */
const PLAN_CHANGES_FILE = '.csoc-plan-changes.json';

/** Whether prepare() copies an entry of the plugin's module: not Terraform's data, state or saved plans. */
const copiedFromModule = (name: string) =>
  name !== '.terraform' && !name.startsWith('terraform.tfstate') && !name.endsWith('.tfplan');

/**
 * Copies the plugin's root module into the working directory. A walk with copyFile: in the fresh process
 * every verb starts, `fs.cp` first loads its own large implementation (5–12 ms against 2–5 ms, cold, for
 * the sim plugin's module). Links are copied by `cpSync`, as before.
 *
 * The working directory's file work (this copy, prepare's clean-up, init's fingerprint) is synchronous on
 * purpose: the plugin process does nothing else meanwhile, and each asynchronous call was a round trip
 * through libuv's thread pool (an apply's prepare and init check took 16 ms for the sim module, 2 ms so).
 */
function copyModule(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (!copiedFromModule(entry.name)) continue;
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) copyModule(from, to);
    else if (entry.isFile()) copyFileSync(from, to);
    else cpSync(from, to, { recursive: true });
  }
}

/** Quotes a string for HCL: JSON escapes plus HCL's template sequences. */
export function hclString(value: string): string {
  // Replacement functions: in a replacement string `$$` would collapse to `$`.
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** The CLI config the driver writes: no checkpoint calls, providers from the mirror or (if allowed) registries. */
export function renderCliConfig(options: {
  pluginMirror?: string;
  allowProviderDownload: boolean;
  pluginCacheDir?: string;
}): string {
  const method = options.pluginMirror
    ? `  filesystem_mirror {\n    path = ${hclString(options.pluginMirror)}\n  }\n`
    : options.allowProviderDownload
      ? '  direct {}\n'
      : '  direct {\n    exclude = ["*/*/*"]\n  }\n';
  // The cache never overrides the dependency lock file: a cached provider whose checksum the lock file does
  // not list is not used (plugin_cache_may_break_dependency_lock_file stays off).
  const cache = options.pluginCacheDir ? `plugin_cache_dir = ${hclString(options.pluginCacheDir)}\n` : '';
  return `# Written by @csoc/plugin-sdk for one run.\ndisable_checkpoint = true\n${cache}\nprovider_installation {\n${method}}\n`;
}

/** backend.tf for the CSOC state backend. Credentials are not in it: TF_HTTP_USERNAME/PASSWORD carry them. */
export function renderBackend(state: NonNullable<PluginRequest['state']>): string {
  return [
    '# Written by @csoc/plugin-sdk: the CSOC state backend. Credentials come from TF_HTTP_USERNAME and',
    '# TF_HTTP_PASSWORD in the environment, never from this file.',
    'terraform {',
    '  backend "http" {',
    `    address        = ${hclString(state.address)}`,
    `    lock_address   = ${hclString(state.lockAddress ?? state.address)}`,
    `    unlock_address = ${hclString(state.unlockAddress ?? state.address)}`,
    '    lock_method    = "LOCK"',
    '    unlock_method  = "UNLOCK"',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Creates the driver for one request. Call `prepare()` and `init()` before the verb's method,
 * or use `runTerraformVerb`, which does all three.
 */
export function createTerraformDriver(options: TerraformDriverOptions): TerraformDriver {
  const { request, events } = options;
  const baseEnv = options.env ?? process.env;
  const binary = options.binary ?? findTerraformBinary(baseEnv);
  const workDir = resolve(request.workDir);
  const rootDir = join(workDir, ROOT_MODULE_DIR);
  const cliConfigFile = join(workDir, '.csoc-terraform.rc');
  const pluginMirror = options.pluginMirror ?? baseEnv[PLUGIN_MIRROR_ENV];
  const includePlanJson = options.includePlanJson ?? request.options.includePlanJson ?? true;
  const graceMs = (options.interruptGraceSeconds ?? 30) * 1000;
  const lockArgs =
    request.options.lockTimeoutSeconds !== undefined
      ? [`-lock-timeout=${request.options.lockTimeoutSeconds}s`]
      : [];

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(baseEnv)) {
    // Nothing from outside may steer the backend, the CLI config or inject arguments.
    if (key.startsWith('TF_HTTP_') || key.startsWith('TF_CLI_ARGS') || key === 'TF_CLI_CONFIG_FILE') continue;
    // The cache is the CLI config's (and its lock's) business; nothing may let it break the lock file.
    if (key.startsWith('TF_PLUGIN_CACHE')) continue;
    if (request.state?.passwordEnv && key === request.state.passwordEnv) continue;
    env[key] = value;
  }
  Object.assign(env, {
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_CLI_CONFIG_FILE: cliConfigFile,
  });

  const offeredCache = options.pluginCacheDir ?? baseEnv[PLUGIN_CACHE_ENV];
  /** The cache init uses, decided in prepare(): none in front of an unpacked-only mirror. */
  let pluginCacheDir: string | undefined;
  const cliConfig = () =>
    renderCliConfig({
      pluginMirror,
      allowProviderDownload: options.allowProviderDownload ?? true,
      ...(pluginCacheDir ? { pluginCacheDir } : {}),
    });

  async function prepare(): Promise<void> {
    pluginCacheDir =
      offeredCache && !(pluginMirror && (await mirrorIsUnpackedOnly(pluginMirror)))
        ? resolve(offeredCache)
        : undefined;
    mkdirSync(rootDir, { recursive: true });
    for (const entry of readdirSync(rootDir)) {
      if (!KEPT_ENTRIES.has(entry)) rmSync(join(rootDir, entry), { recursive: true, force: true });
    }
    copyModule(options.terraformDir, rootDir);
    if (request.state) {
      writeFileSync(join(rootDir, 'backend.tf'), renderBackend(request.state));
      const password = await readStatePassword(request, baseEnv);
      if (request.state.username) env.TF_HTTP_USERNAME = request.state.username;
      if (password !== undefined) {
        env.TF_HTTP_PASSWORD = password;
        events.addSecret(password);
      }
    }
    writeFileSync(
      join(rootDir, 'terraform.tfvars.json'),
      `${JSON.stringify(options.variables ?? request.inputs, null, 2)}\n`,
    );
    writeFileSync(cliConfigFile, cliConfig());
  }

  function run(args: string[], translator?: TerraformUiTranslator): Promise<CommandResult> {
    return new Promise((resolvePromise, reject) => {
      if (options.signal?.aborted) {
        reject(options.signal.reason as Error);
        return;
      }
      const child = spawn(binary, args, { cwd: rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let pendingLine = '';
      let stderrTail = '';
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        child.kill('SIGINT');
        killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (!translator) {
          stdout += chunk;
          return;
        }
        pendingLine += chunk;
        let newline = pendingLine.indexOf('\n');
        while (newline !== -1) {
          translator.line(pendingLine.slice(0, newline));
          pendingLine = pendingLine.slice(newline + 1);
          newline = pendingLine.indexOf('\n');
        }
      });
      child.stderr.on('data', (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_LENGTH);
      });
      child.on('error', (error) => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(new Error(`Cannot run ${binary}: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        if (translator && pendingLine) translator.line(pendingLine);
        resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderrTail });
      });
    });
  }

  /**
   * Digest of everything `terraform init` reads: the engine, the CLI config, and the root module copy
   * (backend.tf and the lock file included; not the variables, the state or saved plans).
   */
  function initFingerprint(): string {
    const hash = createHash('sha256').update(`${binary}\u0000`);
    hash.update(cliConfig());
    const walk = (dir: string, relative: string): void => {
      // Code-unit order: localeCompare would first build ICU's collator, about 10 ms of a fresh process.
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
      for (const entry of entries) {
        const name = relative ? `${relative}/${entry.name}` : entry.name;
        if (!relative && (KEPT_ENTRIES.has(entry.name) || entry.name === 'terraform.tfvars.json')) continue;
        if (entry.name.endsWith('.tfplan')) continue;
        if (entry.isDirectory()) walk(join(dir, entry.name), name);
        else hash.update(`\u0000${name}\u0000`).update(readFileSync(join(dir, entry.name)));
      }
    };
    walk(rootDir, '');
    return hash.digest('hex');
  }

  /** Runs `fn`, and answers undefined when it throws (a file that is not there). */
  const orUndefined = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };

  async function init(): Promise<void> {
    const dataDir = join(rootDir, '.terraform');
    const fingerprint = initFingerprint();
    const previous = orUndefined(() => readFileSync(join(dataDir, INIT_FINGERPRINT_FILE), 'utf8'));
    if (previous === fingerprint) {
      // prepare() put the module's own lock file back; init may have added to it.
      orUndefined(() => copyFileSync(join(dataDir, INIT_LOCK_FILE), join(rootDir, LOCK_FILE)));
      events.log(
        'debug',
        'init: reusing this working directory, initialized for the same module and backend',
      );
      return;
    }
    rmSync(join(dataDir, INIT_FINGERPRINT_FILE), { force: true });
    const initArgs = ['init', '-input=false', '-json', '-reconfigure'];
    if (pluginCacheDir) {
      await withCacheLock(pluginCacheDir, () => runStreaming('terraform init', initArgs), {
        ...(options.signal ? { signal: options.signal } : {}),
        onWait: () =>
          events.log(
            'info',
            'init: waiting for another run of this plugin version to fill the provider cache',
          ),
      });
    } else {
      await runStreaming('terraform init', initArgs);
    }
    // Terraform makes .terraform only when it has something to keep there (providers, a remote backend).
    mkdirSync(dataDir, { recursive: true });
    rmSync(join(dataDir, INIT_LOCK_FILE), { force: true });
    orUndefined(() => copyFileSync(join(rootDir, LOCK_FILE), join(dataDir, INIT_LOCK_FILE)));
    writeFileSync(join(dataDir, INIT_FINGERPRINT_FILE), fingerprint);
  }

  /** Writes an error event when Terraform failed without saying why in a diagnostic, then throws. */
  function fail(what: string, result: CommandResult, translator?: TerraformUiTranslator): never {
    const interrupted = options.signal?.aborted;
    const message = interrupted
      ? `${what} was interrupted: ${(options.signal?.reason as Error | undefined)?.message ?? 'aborted'}`
      : `${what} failed (exit code ${result.code})`;
    if (interrupted || !translator || translator.errorDiagnostics === 0) {
      const detail = events.redact(result.stderrTail.trim());
      events.error(message, detail || undefined);
    }
    throw new ReportedError(message);
  }

  async function runStreaming(what: string, args: string[], total?: number): Promise<TerraformUiTranslator> {
    const translator = createTerraformUiTranslator(events, {
      ...(total === undefined ? {} : { total }),
      logPrefix: options.logPrefix ?? '',
    });
    const result = await run(args, translator);
    if (result.code !== 0) fail(what, result, translator);
    return translator;
  }

  async function runStreamingAllowing(
    what: string,
    args: string[],
    allowed: number[],
  ): Promise<CommandResult> {
    const translator = createTerraformUiTranslator(events, { logPrefix: options.logPrefix ?? '' });
    const result = await run(args, translator);
    if (!allowed.includes(result.code)) fail(what, result, translator);
    return result;
  }

  async function runCapturing(what: string, args: string[]): Promise<string> {
    const result = await run(args);
    if (result.code !== 0) fail(what, result);
    return result.stdout;
  }

  async function showPlan(planFile: string): Promise<TerraformShowPlan> {
    const text = await runCapturing('terraform show', ['show', '-json', planFile]);
    return JSON.parse(text) as TerraformShowPlan;
  }

  /**
   * The plan's changes as `plan -json` streamed them, when they add up to its own change_summary; else
   * undefined (then `show` reads the saved plan). Saves a `terraform show`, which starts every provider
   * again to decode the plan. Unchanged resources are not in the list (the UI stream has no line for them).
   */
  function changesFromStream(planned: TerraformUiTranslator) {
    const counts = planned.planCounts;
    if (!counts) return undefined;
    // Terraform streams changes as it plans them, in no fixed order; `show` lists them by address.
    const byAddress = [...planned.plannedChanges].sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
    );
    const result = summarizeResources(byAddress);
    const { add, change, destroy } = result.summary;
    return add === counts.add && change === counts.change && destroy === counts.remove ? result : undefined;
  }

  async function writePlanEvent(
    planFile: string,
    mode: 'normal' | 'destroy' | 'refresh-only',
    planned?: TerraformUiTranslator,
  ): Promise<TerraformPlanResult> {
    // A plan holds every planned value, sensitive ones included: readable by this user only.
    await chmod(planFile, 0o600).catch(() => {});
    const streamed =
      !includePlanJson && mode !== 'refresh-only' && planned ? changesFromStream(planned) : undefined;
    const json = streamed ? undefined : await showPlan(planFile);
    const result = streamed ?? summarizePlan(json!, mode === 'refresh-only' ? 'refresh-only' : 'normal');
    await rememberPlanChanges(planFile, result.resources.filter((r) => r.action !== 'no-op').length);
    events.plan({
      summary: result.summary,
      resources: result.resources,
      mode,
      planFile,
      ...(includePlanJson && json ? { json } : {}),
    });
    return { ...result, planFile };
  }

  /** The outputs an apply reported as it ended; `terraform output -json` only when it reported none. */
  async function outputsAfterApply(applied: TerraformUiTranslator): Promise<TerraformOutputs> {
    const reported = applied.reportedOutputs;
    if (!reported) return outputs();
    events.outputs(reported.values, reported.sensitive);
    return reported;
  }

  async function outputs(): Promise<TerraformOutputs> {
    const text = await runCapturing('terraform output', ['output', '-json']);
    const raw = JSON.parse(text || '{}') as Record<string, { sensitive?: boolean; value?: unknown }>;
    const values: Record<string, unknown> = {};
    const sensitive: string[] = [];
    for (const [name, output] of Object.entries(raw)) {
      if (output.sensitive) sensitive.push(name);
      else values[name] = output.value;
    }
    events.outputs(values, sensitive);
    return { values, sensitive };
  }

  const planDigest = async (planFile: string) =>
    createHash('sha256')
      .update(await readFile(planFile))
      .digest('hex');

  async function rememberPlanChanges(planFile: string, changes: number): Promise<void> {
    const record = { plan: await planDigest(planFile), changes };
    await writeFile(join(workDir, PLAN_CHANGES_FILE), `${JSON.stringify(record)}\n`);
  }

  async function countChanges(planFile: string): Promise<number> {
    // The plan phase counted this very plan (same bytes) in this working directory.
    const remembered = await readFile(join(workDir, PLAN_CHANGES_FILE), 'utf8')
      .then((text) => JSON.parse(text) as { plan?: string; changes?: number })
      .catch(() => undefined);
    if (typeof remembered?.changes === 'number' && remembered.plan === (await planDigest(planFile)))
      return remembered.changes;
    const { resources } = summarizePlan(await showPlan(planFile));
    return resources.filter((r) => r.action !== 'no-op').length;
  }

  return {
    binary,
    rootDir,
    env,
    prepare,
    init,
    async plan(planOptions = {}) {
      const planFile = join(workDir, 'plan.tfplan');
      const destroy = planOptions.destroy ?? false;
      const planned = await runStreaming('terraform plan', [
        'plan',
        '-input=false',
        '-json',
        `-out=${planFile}`,
        ...lockArgs,
        ...(destroy ? ['-destroy'] : []),
      ]);
      return writePlanEvent(planFile, destroy ? 'destroy' : 'normal', planned);
    },
    async apply(applyOptions = {}) {
      const planFile = applyOptions.planFile ? resolve(applyOptions.planFile) : undefined;
      if (planFile) {
        const total = await countChanges(planFile);
        events.progress(0, total, `applying the saved plan: ${total} resource changes`);
        return outputsAfterApply(
          await runStreaming(
            'terraform apply',
            ['apply', '-input=false', '-json', ...lockArgs, planFile],
            total,
          ),
        );
      }
      return outputsAfterApply(
        await runStreaming('terraform apply', [
          'apply',
          '-input=false',
          '-json',
          '-auto-approve',
          ...lockArgs,
        ]),
      );
    },
    async destroy(destroyOptions = {}) {
      const planFile = destroyOptions.planFile ? resolve(destroyOptions.planFile) : undefined;
      if (planFile) {
        const total = await countChanges(planFile);
        await runStreaming(
          'terraform apply',
          ['apply', '-input=false', '-json', ...lockArgs, planFile],
          total,
        );
      } else {
        await runStreaming('terraform destroy', [
          'destroy',
          '-input=false',
          '-json',
          '-auto-approve',
          ...lockArgs,
        ]);
      }
    },
    async drift() {
      const planFile = join(workDir, 'drift.tfplan');
      const { code } = await runStreamingAllowing(
        'terraform plan -refresh-only',
        [
          'plan',
          '-refresh-only',
          '-input=false',
          '-json',
          '-detailed-exitcode',
          `-out=${planFile}`,
          ...lockArgs,
        ],
        [0, 2],
      );
      const result = await writePlanEvent(planFile, 'refresh-only');
      // Exit code 2 is Terraform's own verdict: something differs between the state and the real world.
      return { ...result, hasChanges: code === 2 || result.hasChanges };
    },
    outputs,
  };
}
