// A run's output: read once (GET .../output) or followed live over Server-Sent Events, reconnecting with
// Last-Event-ID so nothing is shown twice or lost. On a terminal, plugin `progress` events drive a
// progress bar on stderr; otherwise they are plain lines.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunObject } from './apiTypes.ts';
import { CliError, EXIT } from './CliError.ts';
import type { CommandContext, Io } from './CommandContext.ts';
import { authHeaders, call, describeApiError, fetchOrExplain } from './createCsocClient.ts';

const TERMINAL_STATES = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];
const FAILED_STATES = ['failed', 'errored', 'cancelled'];
const MAX_RECONNECTS = 20;

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Splits an SSE byte stream into events (comments and keep-alives skipped). */
export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
    let index: number;
    while ((index = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      const event: SseEvent = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0 && event.id === undefined) continue;
      event.data = data.join('\n');
      yield event;
    }
  }
}

/** Writes output records for people: log text as is, states and events as short lines, a bar on a TTY. */
export class RunOutputPrinter {
  private bar: { step: number; total: number; message: string } | undefined;
  private readonly useBar: boolean;
  private atLineStart = true;

  constructor(private readonly io: Io) {
    this.useBar = Boolean(io.stderr.isTTY) && !io.env.CI;
  }

  record(kind: string, data: unknown): void {
    if (kind === 'log') return this.text(String(data));
    const fields = (data ?? {}) as Record<string, unknown>;
    if (kind === 'state')
      return this.line(`==> ${String(fields.state)}${fields.message ? `: ${String(fields.message)}` : ''}`);
    if (kind !== 'event') return;
    switch (fields.type) {
      case 'progress': {
        const progress = {
          step: Number(fields.step),
          total: Number(fields.total),
          message: String(fields.message ?? ''),
        };
        if (this.useBar) {
          this.bar = progress;
          this.drawBar();
        } else this.line(`[${progress.step}/${progress.total}] ${progress.message}`.trimEnd());
        return;
      }
      case 'error':
        return this.line(`error: ${String(fields.message)}`);
      case 'log':
        return this.line(String(fields.message));
      case 'resource':
        if (fields.status === 'failed')
          this.line(`${String(fields.address)}: ${String(fields.action)} failed`);
        return;
      case 'plan': {
        const summary = fields.summary as { add: number; change: number; destroy: number } | undefined;
        if (summary)
          this.line(
            `plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy`,
          );
        return;
      }
    }
  }

  /** Leaves the terminal tidy: the bar is removed. */
  finish(): void {
    if (this.bar) this.io.stderr.write('\r\x1b[K');
    this.bar = undefined;
    if (!this.atLineStart) this.io.stdout.write('\n');
    this.atLineStart = true;
  }

  private line(text: string): void {
    this.text(`${this.atLineStart ? '' : '\n'}${text}\n`);
  }

  private text(text: string): void {
    if (!text) return;
    if (this.bar) this.io.stderr.write('\r\x1b[K');
    this.io.stdout.write(text);
    this.atLineStart = text.endsWith('\n');
    if (this.bar && this.atLineStart) this.drawBar();
  }

  private drawBar(): void {
    if (!this.bar || !this.atLineStart) return;
    const { step, total, message } = this.bar;
    const width = 24;
    const filled = total > 0 ? Math.min(width, Math.round((step / total) * width)) : 0;
    const columns = this.io.stderr.columns || 80;
    const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${step}/${total} ${message}`;
    this.io.stderr.write(`\r\x1b[K${text.slice(0, Math.max(10, columns - 1))}`);
  }
}

/** Prints the output recorded so far (paging through it), without waiting for more. */
export async function printRunOutput(context: CommandContext, org: string, runId: string): Promise<void> {
  const printer = new RunOutputPrinter(context.io);
  let after = 0;
  for (;;) {
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/runs/{runId}/output', {
        params: { path: { org, runId }, query: { after, limit: 1000 } },
      }),
    );
    for (const record of data.items) printer.record(record.kind, record.data);
    if (data.items.length < 1000) break;
    after = data.items.at(-1)!.seq;
  }
  printer.finish();
}

/**
 * Follows the live output until the run ends and returns its final state. A dropped connection is
 * resumed from the last event id seen.
 */
export async function followRunOutput(context: CommandContext, org: string, runId: string): Promise<string> {
  context.client(); // fails early when not logged in
  const connection = context.connection();
  const url = `${connection.server}/api/v1/orgs/${encodeURIComponent(org)}/runs/${runId}/output/stream`;
  const printer = new RunOutputPrinter(context.io);
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    const headers: Record<string, string> = {
      ...authHeaders(connection, 'GET'),
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    try {
      const response = await fetchOrExplain(connection.server, url, { headers });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        const error = new CliError(describeApiError(response, body));
        if (response.status < 500) throw error;
        throw Object.assign(error, { retry: true });
      }
      for await (const event of readServerSentEvents(response.body)) {
        failures = 0;
        if (event.id !== undefined) lastEventId = event.id;
        const data: unknown = event.data ? JSON.parse(event.data) : undefined;
        if (event.event === 'end') {
          printer.finish();
          return String((data as { state?: string } | undefined)?.state ?? 'unknown');
        }
        printer.record(event.event, data);
      }
    } catch (error) {
      const retryable =
        !(error instanceof CliError) ||
        (error as { retry?: boolean }).retry ||
        /cannot reach/.test(error.message);
      if (!retryable || failures >= MAX_RECONNECTS) {
        printer.finish();
        throw error;
      }
    }
    // The stream ended without `end` (a proxy timeout, a restart): resume where it stopped.
    failures++;
    if (failures > MAX_RECONNECTS) {
      printer.finish();
      throw new CliError(
        `lost the output stream of run ${runId} ${MAX_RECONNECTS} times; check csoc runs get ${org}/${runId}`,
      );
    }
    await sleep(Math.min(250 * 2 ** failures, 5000));
  }
}

export function isFailedState(state: string): boolean {
  return FAILED_STATES.includes(state);
}

/**
 * Polls a run until it reaches one of `states` or ends; exit code 5 when `timeoutSeconds` pass first.
 */
export async function waitForRun(
  context: CommandContext,
  org: string,
  runId: string,
  states: string[],
  timeoutSeconds: number,
): Promise<RunObject> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let shown = '';
  for (;;) {
    const { data: run } = await call(
      context.client().GET('/api/v1/orgs/{org}/runs/{runId}', { params: { path: { org, runId } } }),
    );
    if (run.state !== shown) {
      context.note(`run ${run.id}: ${run.state}`);
      shown = run.state;
    }
    if (states.includes(run.state) || TERMINAL_STATES.includes(run.state)) return run;
    if (Date.now() > deadline)
      throw new CliError(
        `timed out after ${timeoutSeconds}s waiting for run ${run.id} (still ${run.state}); check later with csoc runs get ${org}/${run.id}`,
        EXIT.timeout,
      );
    await sleep(500);
  }
}
