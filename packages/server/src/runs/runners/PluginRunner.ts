// The one interface every runner implements: run one plugin verb with a request, secrets and the
// state-backend credentials, stream its stdout/stderr, and report how it ended. A run never depends
// on which runner executed it.
import type { PluginRequest, Verb } from '@csoc/plugin-sdk';
import type { InstalledPlugin } from '../../plugins/pluginRegistry.ts';

export interface RunnerInvocation {
  runId: string;
  verb: Verb;
  plugin: InstalledPlugin;
  /** The request without the runner-specific paths (workDir, secretsFile, planFile, state), filled in by the runner. */
  request: Omit<PluginRequest, 'workDir' | 'state' | 'planFile'> & {
    credentials: Omit<PluginRequest['credentials'], 'secretsFile'>;
  };
  /** The run's working directory on the CSOC host; kept between the plan and apply phases of one worker. */
  workDir: string;
  /**
   * This plugin version's shared Terraform provider cache (ADR 0077), on the CSOC host; every runner makes
   * it reachable at this same path (the workspace links into it) and names it in CSOC_TF_PLUGIN_CACHE_DIR.
   */
  pluginCacheDir?: string;
  /** A saved plan file inside workDir, for apply. */
  planFileName?: string;
  /** Secret credential fields, handed to the plugin as a file on a tmpfs, never in the request. */
  secrets: Record<string, string>;
  /** Where this CSOC keeps per-invocation secret folders (a tmpfs when the host has one). */
  secretsBase: string;
  /**
   * Where the plugin reaches the state backend (host view) and the run-scoped token for it. Every runner
   * hands the token over as a 0600 file (`state.passwordFile`), never in an environment variable.
   */
  stateBackendUrl: string;
  stateUsername: string;
  stateToken: string;
  timeoutMs: number;
  /**
   * TRACEPARENT (and TRACESTATE) naming the run's span, for the plugin's own spans (ADR 0039); empty or
   * absent when tracing is off. Every runner puts it in the plugin's environment.
   */
  traceEnv?: Record<string, string>;
  /** Aborted when the run is cancelled or the worker loses its lease. */
  signal: AbortSignal;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
}

export interface RunnerResult {
  exitCode: number | null;
  /** The signal that ended the process, if any. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
}

export interface PluginRunner {
  readonly kind: 'process' | 'container' | 'kubernetes';
  run(invocation: RunnerInvocation): Promise<RunnerResult>;
}
