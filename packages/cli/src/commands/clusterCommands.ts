// A commons' cluster from the command line, through its csoc-agent: the live view (workloads, pods, events,
// a pod's log with --follow) and Gen3 operations as actions (restart, usersync, etl, db-migrate, a chart
// CronJob), confirmed with --yes and followed live; on prod a second person may have to approve.
import { CliError, EXIT, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { readServerSentEvents } from '../followRunOutput.ts';
import {
  clusterJson,
  clusterRequest,
  clusterUrl,
  type ClusterActionList,
  type ClusterActionObject,
  type ClusterEventsList,
  type ClusterPodsPage,
  type ClusterWorkloadsPage,
} from './clusterApi.ts';

const ACTIONS = ['restart', 'usersync', 'etl', 'db-migrate', 'cronjob'] as const;
const TARGETED = new Set<string>(['restart', 'cronjob']);

function commonsOf(context: CommandContext): { org: string; commons: string } {
  const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
  return { org, commons: name };
}

/** The largest page the API serves (ADR 0081). */
const MAX_PAGE = 500;
const pageFlags = {
  limit: {
    type: 'string',
    placeholder: 'N',
    description: `one page of at most N (1-${MAX_PAGE}) and the --cursor of the next; without it, all of them`,
  },
  cursor: { type: 'string', placeholder: 'CURSOR', description: 'the page after the one that printed it' },
} as const;

/**
 * All items of a paged cluster list, page after page; or, with --limit/--cursor, the one page asked for,
 * telling on stderr how to get the next.
 */
async function readPages<Item>(
  context: CommandContext,
  url: string,
  itemsOf: (page: unknown) => Item[],
): Promise<Item[]> {
  const limit = context.string('limit');
  const cursor = context.string('cursor');
  if (limit !== undefined && !(/^[1-9]\d{0,2}$/.test(limit) && Number(limit) <= MAX_PAGE))
    throw new UsageError(`--limit must be a number from 1 to ${MAX_PAGE}, not "${limit}"`);
  const one = limit !== undefined || cursor !== undefined;
  const items: Item[] = [];
  let next = cursor;
  for (let pages = 0; pages < 1000; pages += 1) {
    const query = new URLSearchParams({
      ...(limit ? { limit } : one ? {} : { limit: String(MAX_PAGE) }),
      ...(next ? { cursor: next } : {}),
    });
    const page = await clusterJson<{ nextCursor: string | null }>(context, 'GET', `${url}?${query}`);
    items.push(...itemsOf(page));
    next = page.nextCursor ?? undefined;
    if (!next) return items;
    if (one) {
      context.note(`more: add --cursor ${next}`);
      return items;
    }
  }
  throw new CliError('the list did not end after 1,000 pages; use --limit and --cursor to read it in parts');
}

const workloads: Command = {
  name: 'cluster workloads',
  summary: "List a commons' Deployments, StatefulSets, Jobs and CronJobs with ready counts and images",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: pageFlags,
  examples: ['csoc cluster workloads acme/alpha', 'csoc cluster workloads alpha --org acme -o json'],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const workloads = await readPages(
      context,
      clusterUrl(context, org, commons, '/workloads'),
      (page) => (page as ClusterWorkloadsPage).workloads,
    );
    context.print(workloads, [
      { header: 'kind', value: (w) => w.kind },
      { header: 'name', value: (w) => w.name },
      {
        header: 'ready',
        value: (w) => (w.kind === 'CronJob' ? (w.schedule ?? '') : `${w.ready}/${w.desired}`),
      },
      { header: 'images', value: (w) => w.images.join(', ') },
    ]);
  },
};

const pods: Command = {
  name: 'cluster pods',
  summary: "List a commons' pods with phase, readiness, restarts and the last termination reason",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: pageFlags,
  examples: ['csoc cluster pods acme/alpha', 'csoc cluster pods acme/alpha --limit 100'],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const pods = await readPages(
      context,
      clusterUrl(context, org, commons, '/pods'),
      (page) => (page as ClusterPodsPage).pods,
    );
    context.print(pods, [
      { header: 'name', value: (p) => p.name },
      { header: 'phase', value: (p) => p.phase },
      { header: 'ready', value: (p) => (p.ready ? 'yes' : 'no') },
      { header: 'restarts', value: (p) => p.restarts },
      {
        header: 'last termination',
        value: (p) => p.containers.map((c) => c.lastTerminationReason).find(Boolean) ?? '',
      },
      { header: 'node', value: (p) => p.node ?? '' },
    ]);
  },
};

const events: Command = {
  name: 'cluster events',
  summary: "List the newest events of a commons' namespace (at most 500), newest first",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  examples: ['csoc cluster events acme/alpha'],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const data = await clusterJson<ClusterEventsList>(
      context,
      'GET',
      clusterUrl(context, org, commons, '/events'),
    );
    const newestFirst = [...data.events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
    if (data.total !== undefined && data.total > data.events.length)
      context.note(`the newest ${data.events.length} of ${data.total} events`);
    context.print(newestFirst, [
      { header: 'last seen', value: (e) => e.lastSeen },
      { header: 'type', value: (e) => e.type },
      { header: 'reason', value: (e) => e.reason },
      { header: 'object', value: (e) => `${e.object.kind}/${e.object.name}` },
      { header: 'count', value: (e) => e.count },
      { header: 'message', value: (e) => e.message },
    ]);
  },
};

const logs: Command = {
  name: 'cluster logs',
  summary: "Print a pod's log through the commons' agent; --follow keeps printing new lines (Ctrl-C stops)",
  usage: 'ORG/COMMONS POD',
  args: { min: 2, max: 2 },
  flags: {
    follow: {
      type: 'boolean',
      short: 'f',
      description: 'keep the stream open and print new lines as they come',
    },
    container: { type: 'string', short: 'c', placeholder: 'NAME', description: 'the container of the pod' },
    tail: { type: 'string', placeholder: 'LINES', description: 'only the last LINES lines' },
  },
  examples: [
    'csoc cluster logs acme/alpha fence-7d9f8-abcde',
    'csoc cluster logs acme/alpha fence-7d9f8-abcde -f',
  ],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const pod = context.positionals[1]!;
    const tail = context.string('tail');
    if (tail !== undefined && !/^[1-9]\d{0,5}$/.test(tail))
      throw new UsageError(`--tail must be a number of lines (1-100000), not "${tail}"`);
    const query = new URLSearchParams();
    if (context.boolean('follow')) query.set('follow', 'true');
    const container = context.string('container');
    if (container) query.set('container', container);
    if (tail) query.set('tailLines', tail);
    const url = clusterUrl(context, org, commons, `/pods/${encodeURIComponent(pod)}/logs?${query}`);
    const response = await clusterRequest(context, 'GET', url, { headers: { accept: 'text/event-stream' } });
    for await (const event of readServerSentEvents(response.body)) {
      const data: unknown = event.data ? JSON.parse(event.data) : undefined;
      if (event.event === 'log') context.io.stdout.write(String(data));
      else if (event.event === 'end') return;
      else if (event.event === 'error') {
        const error = data as { code?: string; message?: string };
        throw new CliError(`${error.message ?? 'the log stream failed'} (${error.code ?? 'error'})`);
      }
    }
    throw new CliError('the log stream ended without its end; run the command again');
  },
};

/** Prints an action's output as it streams and returns its final state (resuming a dropped stream). */
async function followAction(
  context: CommandContext,
  org: string,
  commons: string,
  id: string,
): Promise<string> {
  let lastEventId: string | undefined;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const response = await clusterRequest(
      context,
      'GET',
      clusterUrl(context, org, commons, `/actions/${id}/events`),
      {
        headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      },
    );
    for await (const event of readServerSentEvents(response.body)) {
      if (event.id !== undefined) lastEventId = event.id;
      const data = (event.data ? JSON.parse(event.data) : {}) as Record<string, unknown>;
      if (event.event === 'output') context.io.stdout.write(String(data.text));
      else if (event.event === 'trimmed') context.note(String(data.message));
      else if (event.event === 'state') context.note(`action ${id}: ${String(data.state)}`);
      else if (event.event === 'end') {
        context.note(`action ${id}: ${String(data.state)}${data.result ? ` — ${String(data.result)}` : ''}`);
        return String(data.state);
      }
    }
  }
  throw new CliError(
    `lost the output stream of action ${id} too often; see csoc cluster actions ${org}/${commons}`,
  );
}

/** The columns of an action, from the fields the list and one action share (the list has no output). */
type ClusterActionSummary = ClusterActionList['actions'][number];
const actionColumns = [
  { header: 'id', value: (a: ClusterActionSummary) => a.id },
  { header: 'action', value: (a: ClusterActionSummary) => (a.target ? `${a.action} ${a.target}` : a.action) },
  { header: 'state', value: (a: ClusterActionSummary) => a.state },
  { header: 'requested by', value: (a: ClusterActionSummary) => a.requestedBy },
  { header: 'approved by', value: (a: ClusterActionSummary) => a.approvedBy ?? '' },
  { header: 'created', value: (a: ClusterActionSummary) => a.createdAt },
  { header: 'result', value: (a: ClusterActionSummary) => a.result ?? '' },
];

const action: Command = {
  name: 'cluster action',
  summary:
    'Run a Gen3 operation on a commons through its agent: restart a Deployment, usersync, etl, db-migrate, or a chart CronJob now',
  usage: `ORG/COMMONS ${ACTIONS.join('|')} [TARGET] --yes`,
  args: { min: 2, max: 3 },
  details:
    'TARGET is the Deployment of a restart or the CronJob of a cronjob; the other actions take none. On a prod\n' +
    'commons whose org requires a second person, the action waits for another person with the approver\n' +
    'role (CSOC_APPROVER_MIN_ROLE, admin by default):\n' +
    '  csoc cluster approve ORG/COMMONS ID',
  flags: {
    yes: { type: 'boolean', short: 'y', description: 'confirm: act on this commons (required)' },
    follow: { type: 'boolean', description: 'print the output as it streams and exit with the result' },
  },
  examples: [
    'csoc cluster action acme/alpha usersync --yes --follow',
    'csoc cluster action acme/alpha restart fence --yes',
    'csoc cluster action acme/alpha cronjob fence-db-migrate-cronjob --yes',
  ],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const kind = context.positionals[1]!;
    const target = context.positionals[2];
    if (!(ACTIONS as readonly string[]).includes(kind))
      throw new UsageError(`"${kind}" is not an action; use one of ${ACTIONS.join(', ')}`);
    if (TARGETED.has(kind) && !target)
      throw new UsageError(
        `${kind} needs a TARGET: the ${kind === 'restart' ? 'Deployment' : 'CronJob'} to act on`,
      );
    if (!TARGETED.has(kind) && target)
      throw new UsageError(`${kind} takes no TARGET (only restart and cronjob do)`);
    if (!context.boolean('yes'))
      throw new UsageError(`this acts on ${org}/${commons}'s cluster; add --yes to confirm`);
    const created = await clusterJson<ClusterActionObject>(
      context,
      'POST',
      clusterUrl(context, org, commons, '/actions'),
      {
        action: kind,
        ...(target ? { target } : {}),
        confirm: commons,
      },
    );
    if (created.state === 'pending-approval') {
      context.print(created, actionColumns);
      context.note(
        `a second person must approve it: csoc cluster approve ${org}/${commons} ${created.id} (another person with the approver role)`,
      );
      return;
    }
    if (!context.boolean('follow')) {
      context.print(created, actionColumns);
      return;
    }
    const state = await followAction(context, org, commons, created.id);
    return state === 'succeeded' ? EXIT.ok : EXIT.failed;
  },
};

const approve: Command = {
  name: 'cluster approve',
  summary: "Approve another person's action waiting for a second person; it starts at once",
  usage: 'ORG/COMMONS ACTION_ID',
  args: { min: 2, max: 2 },
  flags: {
    follow: { type: 'boolean', description: 'print the output as it streams and exit with the result' },
  },
  examples: ['csoc cluster approve acme/prod 0190a5c4-…'],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const id = context.positionals[1]!;
    const approved = await clusterJson<ClusterActionObject>(
      context,
      'POST',
      clusterUrl(context, org, commons, `/actions/${encodeURIComponent(id)}/approve`),
    );
    if (!context.boolean('follow')) return context.print(approved, actionColumns);
    return (await followAction(context, org, commons, id)) === 'succeeded' ? EXIT.ok : EXIT.failed;
  },
};

const actions: Command = {
  name: 'cluster actions',
  summary: "List a commons' Gen3 actions, newest first: who asked, who approved, state and result",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  examples: ['csoc cluster actions acme/alpha', 'csoc cluster actions acme/alpha -o json'],
  async run(context) {
    const { org, commons } = commonsOf(context);
    const data = await clusterJson<ClusterActionList>(
      context,
      'GET',
      clusterUrl(context, org, commons, '/actions'),
    );
    context.print(data.actions, actionColumns);
  },
};

export const clusterCommands: Command[] = [workloads, pods, events, logs, action, approve, actions];
