// Writes the plugin event stream: one JSON object per line, stamped with the events version and the time.
// Every line passes through redaction, so a secret the plugin registered never reaches stdout.
import type { Writable } from 'node:stream';
import type {
  LogLevel,
  PlanEvent,
  PluginEvent,
  PluginEventBody,
  ResourceAction,
  ResourceStatus,
} from './eventSchema.ts';
import { EVENTS_VERSION } from './eventSchema.ts';

/** What replaces a secret value in the stream. */
export const REDACTED = '[redacted]';
/** Secrets shorter than this are not redacted: replacing them would mangle ordinary text. */
export const MIN_REDACTED_LENGTH = 4;

export interface EventWriterOptions {
  /** Secret values to replace with `[redacted]` wherever they would appear. */
  secrets?: Iterable<string>;
  /** Clock for the `time` field (tests). */
  now?: () => Date;
}

export interface EventWriter {
  /** Writes any event; `v` and `time` are added. Returns the event as written (after redaction). */
  emit(event: PluginEventBody): PluginEvent;
  log(level: LogLevel, message: string): void;
  info(message: string): void;
  warn(message: string): void;
  progress(step: number, total: number, message?: string): void;
  resource(
    address: string,
    action: ResourceAction,
    status: ResourceStatus,
    extra?: { elapsed?: number },
  ): void;
  plan(plan: Omit<PlanEvent, 'v' | 'time' | 'type'>): void;
  outputs(values: Record<string, unknown>, sensitive?: string[]): void;
  error(message: string, detail?: string, address?: string): void;
  /** Registers one more value to redact (a token read from a file, a password from env). */
  addSecret(value: string | undefined): void;
  /** Replaces registered secrets in any text (for stderr, error details, files the host will read). */
  redact(text: string): string;
  /** How many `error` events were written; a verb that fails must have written at least one. */
  readonly errorCount: number;
}

/**
 * Creates the event writer for a verb, usually on `process.stdout`.
 *
 * @example
 * const events = createEventWriter(process.stdout, { secrets: [token] });
 * events.progress(1, 3, 'terraform init');
 * events.resource('terraform_data.vpc', 'create', 'completed', { elapsed: 2 });
 */
export function createEventWriter(stream: Writable, options: EventWriterOptions = {}): EventWriter {
  const secrets = new Set<string>();
  const now = options.now ?? (() => new Date());
  let errorCount = 0;

  function addSecret(value: string | undefined): void {
    if (!value || value.length < MIN_REDACTED_LENGTH) return;
    secrets.add(value);
  }
  for (const secret of options.secrets ?? []) addSecret(secret);

  function redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  // Redacts inside strings and keys (not in the serialized line) so the line always stays valid JSON.
  function redactDeep(value: unknown): unknown {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(redactDeep);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v)]));
    }
    return value;
  }

  function emit(body: PluginEventBody): PluginEvent {
    const stamped = { v: EVENTS_VERSION, time: now().toISOString(), ...body };
    const event = (secrets.size > 0 ? redactDeep(stamped) : stamped) as PluginEvent;
    if (event.type === 'error') errorCount += 1;
    stream.write(`${JSON.stringify(event)}\n`);
    return event;
  }

  return {
    emit,
    log: (level, message) => void emit({ type: 'log', level, message }),
    info: (message) => void emit({ type: 'log', level: 'info', message }),
    warn: (message) => void emit({ type: 'log', level: 'warn', message }),
    progress: (step, total, message) =>
      void emit({ type: 'progress', step, total, ...(message === undefined ? {} : { message }) }),
    resource: (address, action, status, extra = {}) =>
      void emit({
        type: 'resource',
        address,
        action,
        status,
        ...(extra.elapsed === undefined ? {} : { elapsed: extra.elapsed }),
      }),
    plan: (plan) => void emit({ type: 'plan', ...plan }),
    outputs: (values, sensitive) =>
      void emit({ type: 'outputs', values, ...(sensitive && sensitive.length > 0 ? { sensitive } : {}) }),
    error: (message, detail, address) =>
      void emit({
        type: 'error',
        message,
        ...(detail === undefined ? {} : { detail }),
        ...(address === undefined ? {} : { address }),
      }),
    addSecret,
    redact,
    get errorCount() {
      return errorCount;
    },
  };
}
