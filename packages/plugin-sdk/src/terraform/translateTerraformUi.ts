// Turns Terraform's machine-readable UI (`-json`, one JSON message per line) into plugin events:
// planned/started/completed/failed resources, apply progress, logs, and error diagnostics.
import type { EventWriter } from '../createEventWriter.ts';
import type { LogLevel, PlannedResource, ResourceAction } from '../eventSchema.ts';

/** Maps Terraform's change actions (UI and `show -json`) onto the contract's resource actions. */
export function toResourceAction(action: string): ResourceAction {
  switch (action) {
    case 'create':
    case 'update':
    case 'delete':
    case 'replace':
    case 'read':
      return action;
    case 'import':
      return 'read';
    case 'remove':
    case 'forget':
      return 'delete';
    default:
      return 'no-op'; // noop, move
  }
}

function toLogLevel(level: unknown): LogLevel {
  if (level === 'error') return 'error';
  if (level === 'warn') return 'warn';
  if (level === 'info') return 'info';
  return 'debug';
}

interface TerraformResourceRef {
  addr?: string;
}
interface TerraformUiMessage {
  '@level'?: string;
  '@message'?: string;
  type?: string;
  change?: { resource?: TerraformResourceRef; action?: string };
  hook?: { resource?: TerraformResourceRef; action?: string; elapsed_seconds?: number; output?: string };
  changes?: { add?: number; change?: number; remove?: number; import?: number; operation?: string };
  diagnostic?: { severity?: string; summary?: string; detail?: string; address?: string };
  outputs?: Record<string, { sensitive?: boolean; value?: unknown; action?: string }>;
}

/** The root module's outputs as `terraform apply -json` reports them when it ends. */
export interface ReportedOutputs {
  values: Record<string, unknown>;
  sensitive: string[];
}

export interface TerraformUiTranslatorOptions {
  /** Number of resource changes expected (apply/destroy), for progress; learnt from change_summary if unset. */
  total?: number;
  /** Prefix for log messages (e.g. `[simulated] `). */
  logPrefix?: string;
}

export interface TerraformUiTranslator {
  /** Handles one stdout line of a `terraform ... -json` command. */
  line(text: string): void;
  readonly errorDiagnostics: number;
  readonly failedResources: string[];
  readonly completedResources: number;
  /**
   * The outputs of the last `outputs` message that reported values (an apply's closing one), or
   * undefined; a plan's `outputs` message (planned actions, no values) does not count.
   */
  readonly reportedOutputs: ReportedOutputs | undefined;
  /** Every `planned_change` a plan reported, in order (Terraform reports no line for unchanged resources). */
  readonly plannedChanges: PlannedResource[];
  /** The counts of a plan's `change_summary` (add, change, remove), or undefined when it reported none. */
  readonly planCounts: { add: number; change: number; remove: number } | undefined;
}

/** Creates a translator writing onto `events`. Lines that are not JSON become plain `log` events. */
export function createTerraformUiTranslator(
  events: EventWriter,
  options: TerraformUiTranslatorOptions = {},
): TerraformUiTranslator {
  let total = options.total;
  const prefix = options.logPrefix ?? '';
  const completed = new Set<string>();
  const failed: string[] = [];
  let errorDiagnostics = 0;
  let reportedOutputs: ReportedOutputs | undefined;
  const plannedChanges: PlannedResource[] = [];
  let planCounts: TerraformUiTranslator['planCounts'];

  function progress(): void {
    if (total === undefined) return;
    const step = Math.min(completed.size + failed.length, total);
    events.progress(step, total, `${step} of ${total} resource changes done`);
  }

  function line(text: string): void {
    if (text.trim() === '') return;
    let message: TerraformUiMessage;
    try {
      message = JSON.parse(text) as TerraformUiMessage;
    } catch {
      events.log('info', `${prefix}${text}`);
      return;
    }
    const humanText = `${prefix}${message['@message'] ?? ''}`;
    switch (message.type) {
      case 'planned_change': {
        const address = message.change?.resource?.addr;
        if (!address) return;
        const action = toResourceAction(message.change?.action ?? '');
        plannedChanges.push({ address, action });
        events.resource(address, action, 'planned');
        return;
      }
      case 'change_summary': {
        const changes = message.changes ?? {};
        if (total === undefined && changes.operation !== 'apply' && changes.operation !== 'destroy') {
          total = (changes.add ?? 0) + (changes.change ?? 0) + (changes.remove ?? 0);
        }
        if (changes.operation === 'plan')
          planCounts = { add: changes.add ?? 0, change: changes.change ?? 0, remove: changes.remove ?? 0 };
        events.info(humanText);
        return;
      }
      case 'apply_start': {
        const address = message.hook?.resource?.addr;
        if (address) events.resource(address, toResourceAction(message.hook?.action ?? ''), 'started');
        return;
      }
      case 'apply_complete': {
        const address = message.hook?.resource?.addr;
        if (!address) return;
        const elapsed = message.hook?.elapsed_seconds;
        events.resource(
          address,
          toResourceAction(message.hook?.action ?? ''),
          'completed',
          elapsed === undefined ? {} : { elapsed },
        );
        completed.add(address);
        progress();
        return;
      }
      case 'apply_errored': {
        const address = message.hook?.resource?.addr;
        if (!address) return;
        const elapsed = message.hook?.elapsed_seconds;
        events.resource(
          address,
          toResourceAction(message.hook?.action ?? ''),
          'failed',
          elapsed === undefined ? {} : { elapsed },
        );
        failed.push(address);
        progress();
        return;
      }
      case 'diagnostic': {
        const diagnostic = message.diagnostic ?? {};
        const summary = diagnostic.summary || 'Terraform reported an error';
        if (diagnostic.severity === 'error') {
          errorDiagnostics += 1;
          events.error(
            `${prefix}${summary}`,
            diagnostic.detail || undefined,
            diagnostic.address || undefined,
          );
        } else {
          const detail = diagnostic.detail ? `: ${diagnostic.detail}` : '';
          events.log('warn', `${prefix}${summary}${detail}`);
        }
        return;
      }
      case 'apply_progress':
      case 'provision_start':
      case 'provision_progress':
      case 'provision_complete':
      case 'provision_errored':
      case 'init_output':
      case 'resource_drift':
        events.info(humanText);
        return;
      case 'outputs': {
        const outputs = Object.entries(message.outputs ?? {});
        if (outputs.every(([, output]) => output.action === undefined)) {
          reportedOutputs = { values: {}, sensitive: [] };
          for (const [name, output] of outputs) {
            if (output.sensitive) reportedOutputs.sensitive.push(name);
            else reportedOutputs.values[name] = output.value ?? null;
          }
        }
        events.log(toLogLevel(message['@level']), humanText);
        return;
      }
      default:
        // version, refresh_start/complete, outputs, log, and types a newer Terraform adds.
        events.log(toLogLevel(message['@level']), humanText);
    }
  }

  return {
    line,
    get errorDiagnostics() {
      return errorDiagnostics;
    },
    get failedResources() {
      return failed;
    },
    get completedResources() {
      return completed.size;
    },
    get reportedOutputs() {
      return reportedOutputs;
    },
    get plannedChanges() {
      return plannedChanges;
    },
    get planCounts() {
      return planCounts;
    },
  };
}
