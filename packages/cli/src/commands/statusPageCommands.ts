// Public status pages from the command line: show, publish or withdraw a commons' page, and post an update
// to one of its incidents (shown publicly on the page and in its Atom feed).
import { UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';

const ACTIONS = ['show', 'enable', 'disable'] as const;
const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

interface SettingsView {
  commons: string;
  enabled: boolean;
  title: string | null;
  url: string;
  jsonUrl: string;
  feedUrl: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

function printSettings(context: CommandContext, settings: SettingsView): void {
  context.print(settings, [
    { header: 'commons', value: (row) => row.commons },
    { header: 'published', value: (row) => (row.enabled ? 'yes' : 'no') },
    { header: 'title', value: (row) => row.title ?? row.commons },
    { header: 'page', value: (row) => row.url },
    { header: 'feed', value: (row) => row.feedUrl },
  ]);
}

const statusPage: Command = {
  name: 'status-page',
  summary: "Show, publish (enable) or withdraw (disable) a commons' public status page",
  usage: 'ORG/COMMONS show|enable|disable',
  args: { min: 2, max: 2 },
  flags: {
    title: {
      type: 'string',
      placeholder: 'TEXT',
      description: 'with enable: the public title (default: the commons name)',
    },
  },
  examples: [
    'csoc status-page acme/alpha enable --title "Alpha Data Commons"',
    'csoc status-page acme/alpha show -o json',
    'csoc status-page acme/alpha disable',
  ],
  async run(context) {
    const { org, name: commons } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const action = context.positionals[1]!;
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`the action must be one of ${ACTIONS.join(', ')}, not "${action}"`);
    const path = { org, commons };
    if (action === 'show') {
      const { data } = await call(
        context.client().GET('/api/v1/orgs/{org}/commons/{commons}/status-page', { params: { path } }),
      );
      return printSettings(context, data);
    }
    const title = context.string('title');
    const { data } = await call(
      context.client().PUT('/api/v1/orgs/{org}/commons/{commons}/status-page', {
        params: { path },
        body: { enabled: action === 'enable', ...(title !== undefined ? { title } : {}) },
      }),
    );
    printSettings(context, data);
  },
};

const incidentUpdate: Command = {
  name: 'incidents update',
  summary: "Post an update to a commons' incident (public: shown on its status page and feed)",
  usage: 'ORG/COMMONS INCIDENT_ID --status STATUS --message TEXT',
  args: { min: 2, max: 2 },
  flags: {
    status: {
      type: 'string',
      placeholder: 'STATUS',
      choices: UPDATE_STATUSES,
      description: 'investigating, identified, monitoring or resolved',
    },
    message: { type: 'string', placeholder: 'TEXT', description: 'what the public reads' },
  },
  examples: [
    'csoc incidents update acme/alpha 01a24b75-a1ed-7000-b3a5-2952b9d805b3 --status identified --message "Downloads fail; a fix is rolling out."',
  ],
  async run(context) {
    const { org, name: commons } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const status = context.string('status');
    const message = context.string('message');
    if (!status || !message) throw new UsageError('--status and --message are both required');
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/commons/{commons}/incidents/{incident}/updates', {
        params: { path: { org, commons, incident: context.positionals[1]! } },
        body: { status: status as (typeof UPDATE_STATUSES)[number], message },
      }),
    );
    context.print(data, [
      { header: 'posted', value: (row) => row.postedAt },
      { header: 'status', value: (row) => row.status },
      { header: 'message', value: (row) => row.message },
    ]);
  },
};

export const statusPageCommands: Command[] = [statusPage, incidentUpdate];
