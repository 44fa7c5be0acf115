// What an operator sees when `csoc-server backup` / `restore` are called wrongly: the missing argument is
// named, with the usage, and nothing runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServerCommand } from '../cli/serverCommands.ts';

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines = { out: [] as string[], err: [] as string[] };
  const code = runServerCommand(
    argv,
    { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) },
    env,
  );
  return code.then((exitCode) => ({ exitCode, out: lines.out.join('\n'), err: lines.err.join('\n') }));
}

describe('csoc-server backup and restore arguments', () => {
  it('names the missing --out and --from', async () => {
    const backup = await run(['backup']);
    expect(backup.exitCode).toBe(2);
    expect(backup.err).toContain('backup needs --out FILE');
    const restore = await run(['restore']);
    expect(restore.exitCode).toBe(2);
    expect(restore.err).toContain('restore needs --from FILE');
  });

  it('refuses options of the other command and lists both in the help', async () => {
    expect((await run(['backup', '--from', 'x.tar'])).exitCode).toBe(2);
    const help = await run(['help']);
    expect(help.out).toMatch(/csoc-server backup --out FILE/);
    expect(help.out).toMatch(/csoc-server restore --from FILE/);
    expect(help.out).toMatch(/never holds the master key/);
  });

  it('says which file is missing when the archive to restore does not exist', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-restore-missing-'));
    const result = await run(['restore', '--from', path.join(dataDir, 'nope.tar')], {
      CSOC_DATA_DIR: dataDir,
    });
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/nope\.tar does not exist/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
