// Release waves from the command line: create one over a label selection, list and show them (--follow
// polls until the wave ends, pauses or waits for approval), and the operator's moves: pause, resume, skip a
// commons, roll the stage back, approve a stage with prod commons.
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';

interface WaveView {
  name: string;
  state: string;
  targetRelease: string;
  selector: string;
  currentStage: number;
  gate: string;
  pausedReason: string | null;
  pausedCommons: string | null;
  stages: { name: string; commons: number; needsApproval: boolean; approvedBy: string | null }[];
  members?: { commons: string; stage: number; state: string; release: string; message: string }[];
}

const waveColumns = [
  { header: 'name', value: (wave: WaveView) => wave.name },
  { header: 'state', value: (wave: WaveView) => wave.state },
  { header: 'target', value: (wave: WaveView) => wave.targetRelease },
  { header: 'selector', value: (wave: WaveView) => wave.selector },
  {
    header: 'stage',
    value: (wave: WaveView) =>
      `${Math.min(wave.currentStage + 1, wave.stages.length)}/${wave.stages.length} ${wave.stages[wave.currentStage]?.name ?? ''}`,
  },
  { header: 'why', value: (wave: WaveView) => wave.pausedReason ?? wave.gate },
];

const memberColumns = [
  { header: 'commons', value: (member: NonNullable<WaveView['members']>[number]) => member.commons },
  { header: 'stage', value: (member: NonNullable<WaveView['members']>[number]) => member.stage },
  { header: 'state', value: (member: NonNullable<WaveView['members']>[number]) => member.state },
  { header: 'release', value: (member: NonNullable<WaveView['members']>[number]) => member.release },
  { header: 'message', value: (member: NonNullable<WaveView['members']>[number]) => member.message },
];

/** States in which a wave no longer moves without a person. */
const SETTLED = ['completed', 'rolled_back', 'paused', 'awaiting_approval'];

function orgAndWave(context: CommandContext) {
  const { org, name } = context.orgAndName(context.positionals[0]!, 'a wave (ORG/WAVE)');
  return { org, wave: name };
}

async function fetchWave(context: CommandContext, org: string, wave: string): Promise<WaveView> {
  const { data } = await call(
    context.client().GET('/api/v1/orgs/{org}/waves/{wave}', { params: { path: { org, wave } } }),
  );
  return data as WaveView;
}

function printWave(context: CommandContext, wave: WaveView) {
  if (context.format !== 'table') return context.print(wave, waveColumns);
  context.print([wave], waveColumns);
  context.write('\n');
  context.print(wave.members ?? [], memberColumns);
}

const positiveInteger = (context: CommandContext, flag: string): number | undefined => {
  const raw = context.string(flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${flag} must be a whole number, not "${raw}"`);
  return value;
};

const wavesCreate: Command = {
  name: 'waves create',
  summary: 'Start a release wave: the commons a label selector selects, moved one release at a time',
  usage: 'ORG/WAVE -l SELECTOR --to RELEASE',
  args: { min: 1, max: 1 },
  flags: {
    selector: {
      type: 'string',
      short: 'l',
      placeholder: 'SELECTOR',
      description: 'e.g. env=prod,tier=large',
    },
    to: { type: 'string', placeholder: 'YYYY.MM', description: 'the target Gen3 release' },
    canary: { type: 'string', placeholder: 'NAMES|N', description: 'canary commons (a,b) or their count' },
    batch: { type: 'string', placeholder: 'N|P%', description: 'later stages: N commons or P% each' },
    soak: { type: 'string', placeholder: 'SECONDS', description: 'gate held this long (default 300)' },
    parallel: {
      type: 'string',
      placeholder: 'N',
      description: 'commons of a stage under way at once (default 1)',
    },
  },
  examples: [
    'csoc waves create acme/july -l env=prod --to 2025.07 --canary alpha --batch 25%',
    'csoc waves create acme/dev-july -l env=dev --to 2025.07 --batch 10 --soak 60 --parallel 5',
  ],
  async run(context) {
    const { org, wave } = orgAndWave(context);
    const to = context.string('to');
    if (!to) throw new UsageError('say which release to move to: --to YYYY.MM');
    const canary = context.string('canary');
    const batch = context.string('batch');
    const stages = {
      ...(canary
        ? { canary: /^\d+$/.test(canary) ? { count: Number(canary) } : { commons: canary.split(',') } }
        : {}),
      ...(batch
        ? { batch: batch.endsWith('%') ? { percent: Number(batch.slice(0, -1)) } : { count: Number(batch) } }
        : {}),
    };
    const soakSeconds = positiveInteger(context, 'soak');
    const maxParallel = positiveInteger(context, 'parallel');
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/waves', {
        params: { path: { org } },
        body: {
          name: wave,
          selector: context.string('selector') ?? '',
          targetRelease: to,
          ...(canary || batch ? { stages } : {}),
          ...(soakSeconds !== undefined ? { soakSeconds } : {}),
          ...(maxParallel !== undefined ? { maxParallel } : {}),
        },
      }),
    );
    printWave(context, data as WaveView);
  },
};

const wavesList: Command = {
  name: 'waves list',
  summary: "List an organization's release waves, newest first",
  examples: ['csoc waves list --org acme'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/waves', { params: { path: { org } } }),
    );
    context.print(data.items as WaveView[], waveColumns);
  },
};

const wavesGet: Command = {
  name: 'waves get',
  summary: 'Show a wave: its stages, each commons, what the gate waits for (--follow: until it settles)',
  usage: 'ORG/WAVE [--follow]',
  args: { min: 1, max: 1 },
  flags: {
    follow: {
      type: 'boolean',
      description: 'print each change until the wave ends, pauses or needs approval',
    },
  },
  examples: ['csoc waves get acme/july', 'csoc waves get acme/july --follow'],
  async run(context) {
    const { org, wave } = orgAndWave(context);
    let current = await fetchWave(context, org, wave);
    if (!context.boolean('follow')) return printWave(context, current);
    let last = '';
    for (;;) {
      const line = `${current.state} stage ${current.currentStage + 1}/${current.stages.length}: ${(
        current.members ?? []
      )
        .map((member) => `${member.commons}=${member.state}`)
        .join(
          ' ',
        )}${current.pausedReason ? ` (${current.pausedReason})` : current.gate ? ` (${current.gate})` : ''}`;
      if (line !== last) context.write(`${new Date().toISOString()} ${line}\n`);
      last = line;
      if (SETTLED.includes(current.state)) break;
      await sleep(1000);
      current = await fetchWave(context, org, wave);
    }
    printWave(context, current);
  },
};

function waveAction(verb: 'pause' | 'resume' | 'rollback' | 'approve', summary: string): Command {
  return {
    name: `waves ${verb}`,
    summary,
    usage: 'ORG/WAVE [--reason TEXT]',
    args: { min: 1, max: 1 },
    flags: { reason: { type: 'string', placeholder: 'TEXT', description: 'why: recorded on the timeline' } },
    examples: [`csoc waves ${verb} acme/july --reason "change 42"`],
    async run(context) {
      const { org, wave } = orgAndWave(context);
      const reason = context.string('reason');
      const { data } = await call(
        context.client().POST(`/api/v1/orgs/{org}/waves/{wave}/${verb}`, {
          params: { path: { org, wave } },
          body: reason ? { reason } : {},
        }),
      );
      printWave(context, data as WaveView);
    },
  };
}

const wavesSkip: Command = {
  name: 'waves skip',
  summary: 'Leave one commons out of the rest of a wave (it stays where it is)',
  usage: 'ORG/WAVE COMMONS [--reason TEXT]',
  args: { min: 2, max: 2 },
  flags: { reason: { type: 'string', placeholder: 'TEXT', description: 'why: recorded on the timeline' } },
  examples: ['csoc waves skip acme/july beta --reason "data migration pending"'],
  async run(context) {
    const { org, wave } = orgAndWave(context);
    const reason = context.string('reason');
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/waves/{wave}/skip', {
        params: { path: { org, wave } },
        body: { commons: context.positionals[1]!, ...(reason ? { reason } : {}) },
      }),
    );
    printWave(context, data as WaveView);
  },
};

export const waveCommands: Command[] = [
  wavesCreate,
  wavesList,
  wavesGet,
  waveAction('pause', 'Pause a wave: nothing more starts until it is resumed'),
  waveAction('resume', 'Resume a paused wave (a commons whose step failed is retried)'),
  wavesSkip,
  waveAction('rollback', "Roll a wave's current stage back (revert deploys); the wave ends"),
  waveAction('approve', 'Approve the stage waiting with prod commons (not the creator)'),
];
