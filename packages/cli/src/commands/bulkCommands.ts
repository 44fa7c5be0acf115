// Bulk actions from the command line: one plan or drift check per commons of a selection, the runs read
// back with what they would change in all, and one approval of every plan listed.
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { CliError, EXIT, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import type { FlagSpec } from '../parseArgs.ts';

type BulkRuns = JsonBodyOf<paths['/api/v1/orgs/{org}/bulk/runs']['get']>;
type BulkItem = BulkRuns['items'][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENDED = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];

const itemColumns = [
  { header: 'commons', value: (item: BulkItem) => item.commons },
  { header: 'run', value: (item: BulkItem) => item.run?.id ?? null },
  { header: 'state', value: (item: BulkItem) => item.run?.state ?? 'not started' },
  {
    header: 'plan',
    value: (item: BulkItem) =>
      item.run?.plan
        ? `+${item.run.plan.summary.add} ~${item.run.plan.summary.change} -${item.run.plan.summary.destroy}`
        : null,
  },
  { header: 'drift', value: (item: BulkItem) => item.run?.driftDetected ?? null },
  { header: 'message', value: (item: BulkItem) => item.error?.message ?? item.run?.message ?? null },
];

const waitFlags: Record<string, FlagSpec> = {
  wait: {
    type: 'boolean',
    description: 'wait until every plan is ready (or every check ended); exit 3 if one failed, 5 on timeout',
  },
  timeout: { type: 'string', placeholder: 'SECONDS', description: 'how long --wait waits (default 1800)' },
};

function timeoutOf(context: CommandContext): number {
  const raw = context.string('timeout') ?? '1800';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout must be a number of seconds, not "${raw}"`);
  return seconds;
}

/** Prints the runs and, for people, the one line that sums them up. */
function printBulk(context: CommandContext, bulk: BulkRuns): void {
  if (context.format !== 'table') {
    context.print(bulk as never, []);
    return;
  }
  context.print(bulk.items, itemColumns);
  const { summary } = bulk;
  context.note(
    `${summary.commons} commons: would add ${summary.add}, change ${summary.change}, destroy ${summary.destroy}; ` +
      `${summary.planned} planned, ${summary.inProgress} in progress, ${summary.succeeded} succeeded, ` +
      `${summary.failed} failed, ${summary.notStarted} not started, ${summary.driftDetected} with drift`,
  );
}

const runIdsOf = (bulk: BulkRuns) => bulk.items.flatMap((item) => (item.run ? [item.run.id] : []));

async function readBulk(context: CommandContext, org: string, runIds: string[]): Promise<BulkRuns> {
  const { data } = await call(
    context.client().GET('/api/v1/orgs/{org}/bulk/runs', {
      params: { path: { org }, query: { runs: runIds.join(',') } },
    }),
  );
  return data;
}

/** Polls the bulk action until every run reached one of `states` or ended. */
async function waitForBulk(
  context: CommandContext,
  org: string,
  runIds: string[],
  states: string[],
): Promise<BulkRuns> {
  const timeoutSeconds = timeoutOf(context);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let shown = '';
  for (;;) {
    const bulk = await readBulk(context, org, runIds);
    const waiting = bulk.items.filter(
      (item) => item.run && !states.includes(item.run.state) && !ENDED.includes(item.run.state),
    );
    const progress = `${bulk.items.length - waiting.length}/${bulk.items.length} ready`;
    if (progress !== shown) {
      context.note(progress);
      shown = progress;
    }
    if (waiting.length === 0) return bulk;
    if (Date.now() > deadline)
      throw new CliError(
        `timed out after ${timeoutSeconds}s with ${waiting.length} runs still going (${waiting.map((item) => item.commons).join(', ')}); check later with csoc bulk get --org ${org} ${runIds.join(' ')}`,
        EXIT.timeout,
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Exit code of a bulk action as it stands: 3 when a commons got no run or a run failed, 4 when drift was found. */
function exitOf(bulk: BulkRuns): number {
  if (bulk.summary.notStarted > 0 || bulk.summary.failed > 0) return EXIT.failed;
  if (bulk.summary.driftDetected > 0) return EXIT.drift;
  return EXIT.ok;
}

function startBulkCommand(kind: 'plan' | 'drift', summary: string, examples: string[]): Command {
  return {
    name: `bulk ${kind}`,
    summary,
    usage: '-l SELECTOR | COMMONS... [--wait]',
    args: { min: 0, max: 200 },
    flags: {
      ...waitFlags,
      selector: {
        type: 'string',
        short: 'l',
        placeholder: 'SELECTOR',
        description: 'every commons whose labels match: env=prod,tier in (large,xl) (instead of names)',
      },
      message: { type: 'string', placeholder: 'TEXT', description: 'why: recorded on every run' },
    },
    examples,
    async run(context) {
      const org = context.org();
      const message = context.string('message');
      const selector = context.string('selector');
      if ((selector === undefined) === (context.positionals.length === 0))
        throw new UsageError('name the commons, or select them with -l SELECTOR (not both)');
      const { data: started } = await call(
        context.client().POST('/api/v1/orgs/{org}/bulk/runs', {
          params: { path: { org } },
          body: {
            kind,
            ...(selector !== undefined ? { labelSelector: selector } : { commons: context.positionals }),
            ...(message ? { message } : {}),
          },
        }),
      );
      const runIds = runIdsOf(started);
      const current =
        context.boolean('wait') && runIds.length
          ? await waitForBulk(context, org, runIds, kind === 'plan' ? ['planned'] : [])
          : started;
      // Commons that got no run stay in the answer, with the reason.
      const notStarted = started.items.filter((item) => !item.run);
      const shown: BulkRuns = {
        items: [...current.items.filter((item) => item.run), ...notStarted],
        summary: { ...current.summary, commons: started.items.length, notStarted: notStarted.length },
      };
      printBulk(context, shown);
      if (context.format === 'table' && runIds.length)
        context.note(
          kind === 'plan'
            ? `Approve every plan with: csoc bulk approve --org ${org} ${runIds.join(' ')}`
            : `Read them again with: csoc bulk get --org ${org} ${runIds.join(' ')}`,
        );
      return context.boolean('wait') ? exitOf(shown) : notStarted.length ? EXIT.failed : EXIT.ok;
    },
  };
}

function runIdArguments(context: CommandContext): string[] {
  for (const id of context.positionals)
    if (!UUID.test(id)) throw new UsageError(`"${id}" is not a run id (a UUID)`);
  return context.positionals;
}

const bulkGet: Command = {
  name: 'bulk get',
  summary: "A bulk action's runs as they stand, and what they would change in all",
  usage: 'RUN...',
  args: { min: 1, max: 200 },
  examples: [
    'csoc bulk get --org acme 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7c',
  ],
  async run(context) {
    const bulk = await readBulk(context, context.org(), runIdArguments(context));
    printBulk(context, bulk);
  },
};

const bulkApprove: Command = {
  name: 'bulk approve',
  summary: 'Approve every plan listed, each as it reads now; each is checked and audited on its own',
  usage: 'RUN... [--wait]',
  args: { min: 1, max: 200 },
  flags: {
    wait: { type: 'boolean', description: 'wait for every apply (exit 3 if one fails, 5 on timeout)' },
    timeout: waitFlags.timeout!,
  },
  examples: [
    'csoc bulk approve --org acme 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7c',
  ],
  details:
    'The plans are read first and printed; the approval names each plan with the version read, so a plan that ' +
    'changed in between (re-planned, discarded) is not approved and is listed with the reason.',
  async run(context) {
    const org = context.org();
    const read = await readBulk(context, org, runIdArguments(context));
    if (context.format === 'table') {
      context.note('Approving these plans:');
      printBulk(context, read);
    }
    const { data: approved } = await call(
      context.client().POST('/api/v1/orgs/{org}/bulk/runs/approve', {
        params: { path: { org } },
        body: { runs: read.items.map((item) => ({ id: item.run!.id, version: item.run!.version })) },
      }),
    );
    const refused = approved.items.filter((item) => item.error);
    const result = context.boolean('wait')
      ? await waitForBulk(
          context,
          org,
          approved.items.filter((item) => !item.error).map((item) => item.run!.id),
          [],
        )
      : approved;
    printBulk(context, {
      items: [...result.items, ...(context.boolean('wait') ? refused : [])],
      summary: result.summary,
    });
    if (refused.length) {
      context.note(
        `${refused.length} not approved: ${refused.map((item) => `${item.commons} (${item.error!.message})`).join('; ')}`,
      );
      return EXIT.failed;
    }
    return context.boolean('wait') ? exitOf(result) : EXIT.ok;
  },
};

export const bulkCommands: Command[] = [
  startBulkCommand('plan', 'Plan every commons selected: one plan each, approved alone or all at once', [
    'csoc bulk plan --org acme -l env=prod --wait',
    'csoc bulk plan --org acme alpha beta gamma',
  ]),
  startBulkCommand('drift', 'Check every commons selected for drift: one drift check each', [
    'csoc bulk drift --org acme -l env=prod,tier=large --wait',
  ]),
  bulkGet,
  bulkApprove,
];
