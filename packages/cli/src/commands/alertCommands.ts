// Alerts from the command line: `csoc alerts ORG` lists them (firing first by default), `csoc alerts ack`
// acknowledges one, `csoc alerts silence` silences what matches for a while (or a commons' maintenance
// window), `csoc alerts silences` lists the silences.
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

type AlertObject = JsonBodyOf<paths['/api/v1/orgs/{org}/alerts/{alert}/ack']['post']>;
type SilenceObject = JsonBodyOf<paths['/api/v1/orgs/{org}/alerts/silences/{silence}']['delete']>;

const alertColumns = [
  { header: 'id', value: (alert: AlertObject) => alert.id },
  {
    header: 'state',
    value: (alert: AlertObject) => (alert.silenced ? `${alert.state} (silenced)` : alert.state),
  },
  { header: 'severity', value: (alert: AlertObject) => alert.severity },
  { header: 'rule', value: (alert: AlertObject) => alert.rule },
  {
    header: 'commons',
    value: (alert: AlertObject) => [alert.commons, alert.subject].filter(Boolean).join('/'),
  },
  { header: 'since', value: (alert: AlertObject) => alert.firedAt ?? alert.activeSince },
  { header: 'acknowledged by', value: (alert: AlertObject) => alert.acknowledgedBy },
  { header: 'summary', value: (alert: AlertObject) => alert.summary },
];
const silenceColumns = [
  { header: 'id', value: (silence: SilenceObject) => silence.id },
  { header: 'kind', value: (silence: SilenceObject) => silence.kind },
  { header: 'active', value: (silence: SilenceObject) => silence.active },
  {
    header: 'matchers',
    value: (silence: SilenceObject) => silence.matchers.map((m) => `${m.label}${m.op}${m.value}`).join(','),
  },
  { header: 'until', value: (silence: SilenceObject) => silence.endsAt },
  { header: 'by', value: (silence: SilenceObject) => silence.createdBy },
  { header: 'comment', value: (silence: SilenceObject) => silence.comment },
];

const STATES = ['firing', 'pending', 'resolved'] as const;

/** `90m`, `2h`, `1d`, `45s` → milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!match) throw new UsageError(`--for takes a duration such as 30m, 2h or 1d, not "${text}"`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** `label=value`, `label!=value`, `label=~regex`, `label!~regex` → a matcher. */
export function parseMatcher(text: string): { label: string; op: '=' | '!=' | '=~' | '!~'; value: string } {
  const match = /^([a-zA-Z_][a-zA-Z0-9_.-]*)(=~|!~|!=|=)(.*)$/.exec(text);
  if (!match) throw new UsageError(`--match takes LABEL=VALUE (or !=, =~, !~), not "${text}"`);
  return { label: match[1]!, op: match[2] as '=' | '!=' | '=~' | '!~', value: match[3]! };
}

function orgOf(context: CommandContext): string {
  return context.positionals[0]!;
}

const listAlerts: Command = {
  name: 'alerts',
  summary: "List an org's alerts (firing by default; --state pending, resolved or all)",
  usage: 'ORG [--state STATE]',
  args: { min: 1, max: 1 },
  flags: {
    state: {
      type: 'string',
      placeholder: 'STATE',
      description: 'firing (default), pending, resolved or all',
    },
    ...limitFlag,
  },
  examples: ['csoc alerts acme', 'csoc alerts acme --state resolved -o json'],
  async run(context) {
    const state = context.string('state') ?? 'firing';
    if (state !== 'all' && !STATES.includes(state as (typeof STATES)[number]))
      throw new UsageError(`--state must be firing, pending, resolved or all, not "${state}"`);
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/alerts', {
        params: {
          path: { org: orgOf(context) },
          query: {
            limit: limitOf(context),
            ...(state === 'all' ? {} : { state: state as (typeof STATES)[number] }),
          },
        },
      }),
    );
    context.print(data.items, alertColumns);
  },
};

const ackAlert: Command = {
  name: 'alerts ack',
  summary: 'Acknowledge an alert: say someone is on it',
  usage: 'ORG ALERT_ID',
  args: { min: 2, max: 2 },
  examples: ['csoc alerts ack acme 01a24b75-a1ed-7000-b3a5-2952b9d805b3'],
  async run(context) {
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/alerts/{alert}/ack', {
        params: { path: { org: orgOf(context), alert: context.positionals[1]! } },
        body: {},
      }),
    );
    context.print(data, alertColumns);
  },
};

const silenceAlerts: Command = {
  name: 'alerts silence',
  summary: 'Silence the alerts that match for a while, or plan a maintenance window of a commons',
  usage: 'ORG (--match LABEL=VALUE... | --commons NAME) (--for DURATION | --until TIME) --comment TEXT',
  args: { min: 1, max: 1 },
  flags: {
    match: {
      type: 'string',
      placeholder: 'LABEL=VALUE',
      multiple: true,
      description: 'a label matcher (=, !=, =~ regex, !~); all must hold',
    },
    commons: { type: 'string', placeholder: 'NAME', description: "only this commons' alerts" },
    maintenance: { type: 'boolean', description: 'a maintenance window of --commons' },
    for: { type: 'string', placeholder: 'DURATION', description: 'how long, e.g. 30m, 2h, 1d' },
    from: { type: 'string', placeholder: 'TIME', description: 'when it starts (RFC 3339; default now)' },
    until: { type: 'string', placeholder: 'TIME', description: 'when it ends (RFC 3339), instead of --for' },
    comment: { type: 'string', placeholder: 'TEXT', description: 'why (required)' },
  },
  examples: [
    'csoc alerts silence acme --commons alpha --for 2h --comment "planned upgrade"',
    'csoc alerts silence acme --match rule=errors --match subject=~fence|indexd --for 30m --comment "known"',
    'csoc alerts silence acme --maintenance --commons alpha --from 2026-07-01T22:00:00Z --for 3h --comment "DB upgrade"',
  ],
  async run(context) {
    const comment = context.requireString('comment');
    const duration = context.string('for');
    const until = context.string('until');
    if (Boolean(duration) === Boolean(until))
      throw new UsageError('give either --for DURATION or --until TIME');
    const from = context.string('from');
    const startsAt = from ? new Date(from) : new Date();
    if (Number.isNaN(startsAt.getTime())) throw new UsageError(`--from must be a date-time, not "${from}"`);
    const endsAt = until ?? new Date(startsAt.getTime() + durationMs(duration!)).toISOString();
    const commons = context.string('commons');
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/alerts/silences', {
        params: { path: { org: orgOf(context) } },
        body: {
          kind: context.boolean('maintenance') ? 'maintenance' : 'silence',
          matchers: context.list('match').map(parseMatcher),
          ...(commons ? { commons } : {}),
          ...(from ? { startsAt: startsAt.toISOString() } : {}),
          endsAt,
          comment,
        },
      }),
    );
    context.print(data, silenceColumns);
  },
};

const listSilences: Command = {
  name: 'alerts silences',
  summary: 'List silences and maintenance windows, newest first',
  usage: 'ORG',
  args: { min: 1, max: 1 },
  flags: limitFlag,
  examples: ['csoc alerts silences acme'],
  async run(context) {
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/alerts/silences', {
        params: { path: { org: orgOf(context) }, query: { limit: limitOf(context) } },
      }),
    );
    context.print(data.items, silenceColumns);
  },
};

export const alertCommands: Command[] = [listAlerts, ackAlert, silenceAlerts, listSilences];
