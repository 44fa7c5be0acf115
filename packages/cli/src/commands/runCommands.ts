// Runs: plan, destroy and drift checks of a commons; approve, discard and cancel; list, get and logs
// (followed live). With --wait a command waits for the run and ends with the exit code of its outcome.
import type { RunObject } from '../apiTypes.ts';
import { EXIT, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import { followRunOutput, isFailedState, printRunOutput, waitForRun } from '../followRunOutput.ts';
import type { FlagSpec } from '../parseArgs.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

export const runColumns = [
  { header: 'id', value: (run: RunObject) => run.id },
  { header: 'commons', value: (run: RunObject) => `${run.org}/${run.commons}` },
  { header: 'kind', value: (run: RunObject) => run.kind },
  { header: 'state', value: (run: RunObject) => run.state },
  {
    header: 'plan',
    value: (run: RunObject) =>
      run.plan ? `+${run.plan.summary.add} ~${run.plan.summary.change} -${run.plan.summary.destroy}` : null,
  },
  { header: 'requested by', value: (run: RunObject) => run.requestedBy },
  { header: 'created', value: (run: RunObject) => run.createdAt },
];
const runDetailColumns = [
  ...runColumns,
  { header: 'plugin', value: (run: RunObject) => `${run.plugin.name}@${run.plugin.version}` },
  { header: 'revision', value: (run: RunObject) => run.commonsRevision },
  { header: 'approved by', value: (run: RunObject) => run.approvedBy },
  { header: 'drift', value: (run: RunObject) => run.driftDetected },
  { header: 'message', value: (run: RunObject) => run.message },
  { header: 'finished', value: (run: RunObject) => run.finishedAt },
];

const waitFlags: Record<string, FlagSpec> = {
  wait: { type: 'boolean', description: 'wait for the run (exit 3 if it fails, 5 on timeout)' },
  timeout: { type: 'string', placeholder: 'SECONDS', description: 'how long --wait waits (default 1800)' },
};

function timeoutOf(context: CommandContext): number {
  const raw = context.string('timeout') ?? '1800';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout must be a number of seconds, not "${raw}"`);
  return seconds;
}

/** Prints a run's outcome and returns the exit code for it. */
function finish(context: CommandContext, run: RunObject, reached: string[]): number {
  context.print(run, runDetailColumns);
  if (reached.includes(run.state)) return EXIT.ok;
  if (run.state === 'succeeded') return run.driftDetected ? EXIT.drift : EXIT.ok;
  context.note(`run ${run.id} ended ${run.state}${run.message ? `: ${run.message}` : ''}`);
  return EXIT.failed;
}

async function approveAndWait(context: CommandContext, org: string, runId: string): Promise<number> {
  await call(
    context.client().POST('/api/v1/orgs/{org}/runs/{runId}/approve', { params: { path: { org, runId } } }),
  );
  return finish(context, await waitForRun(context, org, runId, [], timeoutOf(context)), []);
}

function startRunCommand(kind: 'plan' | 'destroy' | 'drift', summary: string, examples: string[]): Command {
  const approvable = kind !== 'drift';
  return {
    name: kind,
    summary,
    usage: 'ORG/COMMONS [--wait]',
    args: { min: 1, max: 1 },
    flags: {
      ...waitFlags,
      ...(approvable
        ? {
            'auto-approve': {
              type: 'boolean',
              description: 'approve the plan when it is ready and wait for the apply',
            },
          }
        : {}),
      message: { type: 'string', placeholder: 'TEXT', description: 'why: recorded on the run' },
    } as Record<string, FlagSpec>,
    examples,
    async run(context) {
      const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
      const message = context.string('message');
      const { data: run } = await call(
        context.client().POST('/api/v1/orgs/{org}/commons/{commons}/runs', {
          params: { path: { org, commons: name } },
          body: { kind, ...(message ? { message } : {}) },
        }),
      );
      if (!context.boolean('wait') && !context.boolean('auto-approve')) {
        context.print(run, runColumns);
        if (context.format === 'table')
          context.note(`Follow it with: csoc runs logs ${org}/${run.id} --follow`);
        return EXIT.ok;
      }
      const waitFor = approvable ? ['planned'] : [];
      const planned = await waitForRun(context, org, run.id, waitFor, timeoutOf(context));
      if (planned.state === 'planned' && context.boolean('auto-approve'))
        return approveAndWait(context, org, run.id);
      if (planned.state === 'planned' && context.format === 'table')
        context.note(
          `Approve it with: csoc approve ${org}/${run.id}  (or discard: csoc discard ${org}/${run.id})`,
        );
      return finish(context, planned, waitFor);
    },
  };
}

const approve: Command = {
  name: 'approve',
  summary: 'Approve a planned run: its saved plan is applied exactly',
  usage: 'RUN [--wait]',
  args: { min: 1, max: 1 },
  flags: waitFlags,
  examples: [
    'csoc approve acme/0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b',
    'csoc approve 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b --org acme --wait',
  ],
  async run(context) {
    const { org, runId } = context.runRef(context.positionals[0]!);
    if (context.boolean('wait')) return approveAndWait(context, org, runId);
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/runs/{runId}/approve', { params: { path: { org, runId } } }),
    );
    context.print(data, runColumns);
  },
};

const discard: Command = {
  name: 'discard',
  summary: 'Discard a planned run without applying it',
  usage: 'RUN',
  args: { min: 1, max: 1 },
  examples: ['csoc discard acme/0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b'],
  async run(context) {
    const { org, runId } = context.runRef(context.positionals[0]!);
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/runs/{runId}/discard', { params: { path: { org, runId } } }),
    );
    context.print(data, runColumns);
  },
};

const runsList: Command = {
  name: 'runs list',
  summary: "List an organization's runs, newest first",
  flags: {
    ...limitFlag,
    commons: { type: 'string', placeholder: 'COMMONS', description: 'only runs of this commons' },
    state: { type: 'string', placeholder: 'STATE', description: 'only runs in this state (e.g. planned)' },
  },
  examples: ['csoc runs list --org acme', 'csoc runs list --commons alpha --state planned -o json'],
  async run(context) {
    const org = context.org();
    const commons = context.string('commons');
    const state = context.string('state') as 'planned' | undefined;
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/runs', {
        params: {
          path: { org },
          query: { limit: limitOf(context), ...(commons ? { commons } : {}), ...(state ? { state } : {}) },
        },
      }),
    );
    context.print(data.items, runColumns);
  },
};

const runsGet: Command = {
  name: 'runs get',
  summary: 'Show one run: state, plan summary, outcome',
  usage: 'RUN',
  args: { min: 1, max: 1 },
  examples: [
    'csoc runs get acme/0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b',
    'csoc runs get 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b -o json',
  ],
  async run(context) {
    const { org, runId } = context.runRef(context.positionals[0]!);
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/runs/{runId}', { params: { path: { org, runId } } }),
    );
    context.print(data, runDetailColumns);
  },
};

const runsCancel: Command = {
  name: 'runs cancel',
  summary: 'Cancel a queued or executing run',
  usage: 'RUN',
  args: { min: 1, max: 1 },
  examples: ['csoc runs cancel acme/0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b'],
  async run(context) {
    const { org, runId } = context.runRef(context.positionals[0]!);
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/runs/{runId}/cancel', { params: { path: { org, runId } } }),
    );
    context.print(data, runColumns);
  },
};

const runsLogs: Command = {
  name: 'runs logs',
  summary: "Print a run's output; --follow streams it live until the run ends (exit 3 if it fails)",
  usage: 'RUN [--follow]',
  args: { min: 1, max: 1 },
  flags: {
    follow: {
      type: 'boolean',
      short: 'f',
      description: 'stream until the run ends (resumes after a dropped connection)',
    },
  },
  examples: [
    'csoc runs logs acme/0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b --follow',
    'csoc runs logs 0193b0c4-5d6e-7f80-9a1b-2c3d4e5f6a7b --org acme > run.log',
  ],
  async run(context) {
    const { org, runId } = context.runRef(context.positionals[0]!);
    if (!context.boolean('follow')) return void (await printRunOutput(context, org, runId));
    const state = await followRunOutput(context, org, runId);
    context.note(`run ${runId} ${state}`);
    return isFailedState(state) ? EXIT.failed : EXIT.ok;
  },
};

export const runCommands: Command[] = [
  startRunCommand('plan', "Plan a commons' infrastructure change (applied after approval)", [
    'csoc plan acme/alpha',
    'csoc plan acme/alpha --wait',
    'csoc plan acme/alpha --auto-approve --timeout 900',
  ]),
  approve,
  discard,
  startRunCommand('destroy', "Plan the destruction of a commons' infrastructure (applied after approval)", [
    'csoc destroy acme/alpha --wait',
    'csoc destroy acme/alpha --auto-approve',
  ]),
  startRunCommand('drift', 'Check a commons for drift (exit code 4 when drift is found, with --wait)', [
    'csoc drift acme/alpha --wait',
  ]),
  runsList,
  runsGet,
  runsCancel,
  runsLogs,
];
