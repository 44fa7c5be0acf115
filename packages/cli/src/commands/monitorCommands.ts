// Monitoring from the command line: a commons' incidents (newest first), and `--watch` for `csoc status`,
// which prints the status again each time it changes (health, Argo CD, probes) until interrupted.
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import type { FlagSpec } from '../parseArgs.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

export const watchFlags: Record<string, FlagSpec> = {
  watch: {
    type: 'boolean',
    description: 'keep watching: print the status again each time it changes (Ctrl-C stops)',
  },
  interval: {
    type: 'string',
    placeholder: 'SECONDS',
    description: 'how often --watch asks (default 5)',
  },
};

function intervalOf(context: CommandContext): number {
  const raw = context.string('interval') ?? '5';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600)
    throw new UsageError(`--interval must be a number of seconds between 0.2 and 3600, not "${raw}"`);
  return seconds;
}

/**
 * Shows what `read` returns once, or with --watch again each time its rendering changes, each change
 * introduced on stderr by the time it was seen (JSON and YAML print one document per change).
 */
export async function showOrWatch<T>(
  context: CommandContext,
  read: () => Promise<T>,
  render: (value: T) => string,
): Promise<void> {
  if (!context.boolean('watch')) {
    context.write(render(await read()));
    return;
  }
  const intervalMs = intervalOf(context) * 1000;
  let shown: string | undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop.signal.aborted) {
      const text = render(await read());
      if (text !== shown) {
        if (context.format === 'table') context.note(`— ${new Date().toISOString()}`);
        context.write(context.format === 'json' ? `${JSON.stringify(JSON.parse(text))}\n` : text);
        shown = text;
      }
      await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const incidents: Command = {
  name: 'incidents',
  summary:
    "List a commons' incidents, newest first: the commons or a service degraded, down or unknown, and why",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: {
    ...limitFlag,
    open: { type: 'boolean', description: 'only the incidents still open' },
  },
  examples: ['csoc incidents acme/alpha', 'csoc incidents acme/alpha --open -o json'],
  async run(context) {
    const { org, name: commons } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}/incidents', {
        params: {
          path: { org, commons },
          query: { limit: limitOf(context), ...(context.boolean('open') ? { open: true } : {}) },
        },
      }),
    );
    context.print(data.items, [
      { header: 'started', value: (incident) => incident.startedAt },
      { header: 'ended', value: (incident) => incident.endedAt ?? 'ongoing' },
      { header: 'service', value: (incident) => incident.service ?? '(commons)' },
      { header: 'state', value: (incident) => incident.state },
      { header: 'cause', value: (incident) => incident.cause },
    ]);
    if (data.nextCursor) context.note('more incidents: raise --limit to see them');
  },
};

export const monitorCommands: Command[] = [incidents];
