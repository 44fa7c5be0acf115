// In-process checks of the command table: every command has help with an example, completion covers
// every command, and the top level answers usage mistakes with exit code 2.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from './CommandContext.ts';
import { COMMANDS, runCli } from './runCli.ts';

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io: Io = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { XDG_CONFIG_HOME: '/nonexistent-csoc-test' },
  };
  const code = await runCli(argv, io);
  return { code, stdout: out, stderr: err };
}

describe('csoc command table', () => {
  it.each(COMMANDS.map((command) => [command.name]))(
    'csoc %s --help shows usage and an example',
    async (name) => {
      const result = await run([...name.split(' '), '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: csoc ${name}`));
      expect(result.stdout).toMatch(/\nExamples?:\n {2}(csoc|source|pass|vault|printf|CSOC_TOKEN)/);
    },
  );

  it('completes every command word and each command flag in bash and zsh', async () => {
    const bash = (await run(['completion', 'bash'])).stdout;
    for (const command of COMMANDS) expect(bash).toContain(`"${command.name}") words="`);
    expect(bash).toContain('complete -o default -F _csoc csoc');
    expect((await run(['completion', 'zsh'])).stdout).toMatch(/^#compdef csoc\nautoload -U \+X bashcompinit/);
    expect((await run(['completion', 'fish'])).code).toBe(2);
  });

  it('lists a group on its own and refuses unknown commands with exit code 2', async () => {
    const group = await run(['runs']);
    expect(group.code).toBe(2);
    expect(group.stdout).toContain('runs logs');
    expect((await run(['--help'])).code).toBe(0);
    const unknown = await run(['runs', 'tail']);
    expect(unknown).toMatchObject({
      code: 2,
      stderr: 'csoc: unknown command "csoc runs tail"; see csoc runs --help\n',
    });
    expect((await run(['approve'])).stderr).toBe(
      'csoc: missing argument: usage is csoc approve RUN [--wait]\n',
    );
  });
});
