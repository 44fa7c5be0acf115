// `csoc`: finds the command named by the leading words, parses its flags (plus the global ones), runs
// it, and turns every failure into one line on stderr and an exit code (see EXIT); never a stack trace.
import process from 'node:process';
import { CliError, EXIT, UsageError } from './CliError.ts';
import { CommandContext, type Command, type Io } from './CommandContext.ts';
import { accountCommands } from './commands/accountCommands.ts';
import { adminCommands } from './commands/adminCommands.ts';
import { alertCommands } from './commands/alertCommands.ts';
import { bulkCommands } from './commands/bulkCommands.ts';
import { clusterCommands } from './commands/clusterCommands.ts';
import { commonsCommands } from './commands/commonsCommands.ts';
import { waveCommands } from './commands/waveCommands.ts';
import { deployCommands } from './commands/deployCommands.ts';
import { identityCommands } from './commands/identityCommands.ts';
import { monitorCommands } from './commands/monitorCommands.ts';
import { pluginCommands } from './commands/pluginCommands.ts';
import { runCommands } from './commands/runCommands.ts';
import { statusPageCommands } from './commands/statusPageCommands.ts';
import { completionScript } from './completionScript.ts';
import { OUTPUT_FORMATS } from './formatOutput.ts';
import { parseArgs, type FlagSpec } from './parseArgs.ts';

export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  server: {
    type: 'string',
    placeholder: 'URL',
    description: 'CSOC address (else CSOC_SERVER, else the context)',
  },
  org: { type: 'string', placeholder: 'ORG', description: 'organization (else CSOC_ORG, else the context)' },
  context: {
    type: 'string',
    placeholder: 'NAME',
    description: 'use this saved context instead of the current one',
  },
  output: {
    type: 'string',
    short: 'o',
    placeholder: 'FORMAT',
    choices: OUTPUT_FORMATS,
    description: 'table (default), json or yaml',
  },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

const completionCommand: Command = {
  name: 'completion',
  summary: 'Print a shell completion script (bash or zsh)',
  usage: 'bash|zsh',
  args: { min: 1, max: 1 },
  examples: ['source <(csoc completion bash)', 'csoc completion zsh > "${fpath[1]}/_csoc"'],
  async run(context) {
    const shell = context.positionals[0]!;
    if (shell !== 'bash' && shell !== 'zsh')
      throw new UsageError(`completion is for bash or zsh, not "${shell}"`);
    context.write(completionScript(shell, COMMANDS, GLOBAL_FLAGS));
  },
};

export const COMMANDS: Command[] = [
  ...identityCommands,
  ...accountCommands,
  ...commonsCommands,
  ...runCommands,
  ...bulkCommands,
  ...deployCommands,
  ...waveCommands,
  ...monitorCommands,
  ...clusterCommands,
  ...alertCommands,
  ...statusPageCommands,
  ...adminCommands,
  ...pluginCommands,
  completionCommand,
];

function flagLines(flags: Record<string, FlagSpec>): string {
  const entries = Object.entries(flags).map(([name, spec]) => {
    const value = spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : '';
    const label = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${value}`;
    return [label, `${spec.description}${spec.multiple ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`).join('\n');
}

export function commandHelp(command: Command): string {
  const flags =
    command.flags && Object.keys(command.flags).length ? `\nFlags:\n${flagLines(command.flags)}\n` : '';
  return (
    `Usage: csoc ${command.name}${command.usage ? ` ${command.usage}` : ''} [flags]\n\n${command.summary}.\n` +
    (command.details ? `\n${command.details}\n` : '') +
    flags +
    `\nGlobal flags:\n${flagLines(GLOBAL_FLAGS)}\n\nExample${command.examples.length > 1 ? 's' : ''}:\n` +
    command.examples.map((example) => `  ${example}`).join('\n') +
    '\n'
  );
}

function overviewHelp(prefix?: string): string {
  const shown = COMMANDS.filter((command) => !prefix || command.name.startsWith(`${prefix} `));
  const width = Math.max(...shown.map((command) => command.name.length));
  return (
    `Usage: csoc ${prefix ?? 'COMMAND'} ${prefix ? 'SUBCOMMAND ' : ''}[flags]\n\n` +
    (prefix ? '' : 'The command line of CSOC, the Gen3 Commons Services Operations Center.\n\n') +
    'Commands:\n' +
    shown.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n') +
    `\n\nGlobal flags:\n${flagLines(GLOBAL_FLAGS)}\n\n` +
    'Environment: CSOC_SERVER, CSOC_TOKEN, CSOC_ORG and CSOC_CONTEXT override the saved context;\n' +
    'contexts live in $XDG_CONFIG_HOME/csoc/config.yaml (default ~/.config/csoc/config.yaml, mode 0600).\n' +
    'Exit codes: 0 success, 1 error, 2 usage, 3 a run ended failed, 4 drift found, 5 waiting timed out.\n\n' +
    `Example:\n  csoc login --server http://127.0.0.1:8080 --email admin@csoc.local\n\n` +
    `Run csoc ${prefix ? `${prefix} ` : ''}COMMAND --help for a command's flags and examples.\n`
  );
}

/** Picks the command named by the leading words of argv; the rest are its arguments. */
function findCommand(argv: string[]): { command?: Command; rest: string[]; words: string[] } {
  const words: string[] = [];
  for (const token of argv) {
    if (token.startsWith('-')) break;
    words.push(token);
  }
  for (let count = Math.min(words.length, 3); count > 0; count--) {
    const name = words.slice(0, count).join(' ');
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command) return { command, rest: argv.slice(count), words };
  }
  return { rest: argv, words };
}

/** Runs one csoc invocation and returns its exit code. */
export async function runCli(argv: string[], io: Io = process): Promise<number> {
  try {
    const helpWanted = argv.includes('--help') || argv.includes('-h');
    if (argv[0] === 'help') return runCli([...argv.slice(1), '--help'], io);
    const { command, rest, words } = findCommand(argv);
    if (!command) {
      const group = words[0];
      const isGroup =
        group !== undefined && COMMANDS.some((candidate) => candidate.name.startsWith(`${group} `));
      if (words.length === 0 || (isGroup && words.length === 1)) {
        io.stdout.write(overviewHelp(isGroup ? group : undefined));
        return helpWanted ? EXIT.ok : EXIT.usage;
      }
      throw new UsageError(
        isGroup
          ? `unknown command "csoc ${words.slice(0, 2).join(' ')}"; see csoc ${group} --help`
          : `unknown command "${group}"; see csoc --help`,
      );
    }
    if (helpWanted) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    const parsed = parseArgs(rest, { ...GLOBAL_FLAGS, ...command.flags }, `csoc ${command.name}`);
    const context = new CommandContext(command, parsed.flags, parsed.positionals, io);
    await context.prepare();
    return (await command.run(context)) ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`csoc: ${error.message}\n`);
      return error.exitCode;
    }
    // A bug in the CLI itself: still one line, with a hint to report it.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`csoc: unexpected error: ${message.split('\n')[0]} (set CSOC_DEBUG=1 for details)\n`);
    if (io.env.CSOC_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT.error;
  }
}
