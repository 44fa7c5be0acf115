// Reads the plugin event stream. Each stdout line is a valid event, an event of a type this host does not
// know (newer plugin: keep, show, do not fail), or garbage (not JSON, wrong envelope, broken fields), which
// the host treats as evidence of failure while still keeping the last plan and outputs it saw.
import { lazyCompile } from './compileCached.ts';
// The host parses events, and compiles their validators: the compiler comes with this module.
import './createAjv.ts';
import { formatProblems, formatSchemaErrors } from './schemaProblems.ts';
import { EVENT_SCHEMAS, EVENTS_VERSION, type PluginEvent, type PluginEventType } from './eventSchema.ts';

export type ParsedEventLine =
  | { kind: 'event'; event: PluginEvent }
  | { kind: 'unknown'; type: string; value: Record<string, unknown> }
  | { kind: 'garbage'; line: string; reason: string }
  | { kind: 'blank' };

// Made and compiled on first use: a plugin bundle leaves this module (and the compiler) out when nothing at
// its module level runs (ADR 0084); a plugin never parses events.
let validators: Record<PluginEventType, ReturnType<typeof lazyCompile>> | undefined;
const validatorOf = (type: PluginEventType) =>
  (validators ??= Object.fromEntries(
    Object.entries(EVENT_SCHEMAS).map(([name, schema]) => [name, lazyCompile(schema)]),
  ) as Record<PluginEventType, ReturnType<typeof lazyCompile>>)[type]();

/** Longest excerpt of a garbage line kept in reports. */
export const GARBAGE_EXCERPT_LENGTH = 200;

function excerpt(line: string): string {
  return line.length > GARBAGE_EXCERPT_LENGTH ? `${line.slice(0, GARBAGE_EXCERPT_LENGTH)}…` : line;
}

/** Parses and validates one line of the event stream (without its newline). */
export function parseEventLine(line: string): ParsedEventLine {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'garbage', line: excerpt(text), reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'garbage', line: excerpt(text), reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (record.v !== EVENTS_VERSION) {
    return { kind: 'garbage', line: excerpt(text), reason: `v must be ${EVENTS_VERSION}` };
  }
  if (typeof record.type !== 'string' || record.type === '') {
    return { kind: 'garbage', line: excerpt(text), reason: 'type must be a non-empty string' };
  }
  const type = record.type;
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) return { kind: 'unknown', type, value: record };
  const validate = validatorOf(type as PluginEventType);
  if (!validate(record)) {
    const reason = formatProblems(formatSchemaErrors(validate.errors)).replace(/\n/g, '; ');
    return { kind: 'garbage', line: excerpt(text), reason: `invalid ${type} event: ${reason}` };
  }
  return { kind: 'event', event: record as PluginEvent };
}

/** One garbage line, numbered from 1 as a person counts lines. */
export interface GarbageLine {
  lineNumber: number;
  line: string;
  reason: string;
}

/** What the host keeps from a stream: counts, garbage, errors, and the last plan and outputs. */
export interface EventStreamSummary {
  lines: number;
  events: number;
  unknownEvents: number;
  garbage: GarbageLine[];
  errors: Extract<PluginEvent, { type: 'error' }>[];
  lastPlan?: Extract<PluginEvent, { type: 'plan' }>;
  lastOutputs?: Extract<PluginEvent, { type: 'outputs' }>;
  manifest?: Extract<PluginEvent, { type: 'manifest' }>;
}

export interface EventStreamParserOptions {
  onEvent?: (event: PluginEvent, lineNumber: number) => void;
  onUnknown?: (type: string, value: Record<string, unknown>, lineNumber: number) => void;
  onGarbage?: (garbage: GarbageLine) => void;
}

export interface EventStreamParser {
  /** Feeds a chunk of stdout; complete lines are parsed at once. */
  push(chunk: string | Buffer): void;
  /** Parses a last line without a newline, and returns the summary. */
  end(): EventStreamSummary;
  readonly summary: EventStreamSummary;
}

/**
 * Parses a plugin's stdout as it arrives.
 *
 * @example
 * const parser = createEventStreamParser({ onEvent: (e) => store(e) });
 * child.stdout.on('data', (chunk) => parser.push(chunk));
 * child.on('close', () => { const { garbage, lastOutputs } = parser.end(); });
 */
export function createEventStreamParser(options: EventStreamParserOptions = {}): EventStreamParser {
  const summary: EventStreamSummary = { lines: 0, events: 0, unknownEvents: 0, garbage: [], errors: [] };
  let pending = '';
  const decoder = new TextDecoder();

  function handle(line: string): void {
    summary.lines += 1;
    const lineNumber = summary.lines;
    const parsed = parseEventLine(line);
    switch (parsed.kind) {
      case 'blank':
        return;
      case 'garbage': {
        const garbage = { lineNumber, line: parsed.line, reason: parsed.reason };
        summary.garbage.push(garbage);
        options.onGarbage?.(garbage);
        return;
      }
      case 'unknown':
        summary.unknownEvents += 1;
        options.onUnknown?.(parsed.type, parsed.value, lineNumber);
        return;
      case 'event': {
        const event = parsed.event;
        summary.events += 1;
        if (event.type === 'error') summary.errors.push(event);
        else if (event.type === 'plan') summary.lastPlan = event;
        else if (event.type === 'outputs') summary.lastOutputs = event;
        else if (event.type === 'manifest') summary.manifest = event;
        options.onEvent?.(event, lineNumber);
      }
    }
  }

  return {
    summary,
    push(chunk) {
      const searchFrom = pending.length;
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      // Search only the new text: a multi-megabyte plan line may arrive in many chunks.
      let newline = pending.indexOf('\n', searchFrom);
      while (newline !== -1) {
        handle(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    end() {
      pending += decoder.decode();
      if (pending !== '') handle(pending);
      pending = '';
      return summary;
    },
  };
}
