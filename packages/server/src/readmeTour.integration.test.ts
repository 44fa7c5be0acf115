// README.md's "A short tour", run exactly as written, against `npm start` with every default: the first
// thing a newcomer does. Every other test gives CSOC an absolute data dir, so none saw that the default
// relative ./.csoc-data put the GitOps repo elsewhere (git runs in another directory) and no deploy
// ever became healthy.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { copyCheckout } from './testing/copyCheckout.ts';
import { killGroup, newcomerEnv, runReadmeTour, runStep } from './testing/readmeTourSteps.ts';

/** Where the README says CSOC listens: the tour's commands name it, so the test cannot pick another port. */
const README_PORT = 8080;
/** First start bundles the plugins (and builds the portal when no build exists to link). */
const START_TIMEOUT_MS = 300_000;

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `Port ${port} on 127.0.0.1 is busy (${error.code}): the README tour runs \`npm start\` with every default, which listens there. Stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it; often a CSOC from \`npm start\`) and run this test again.`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function startNpmStart(root: string) {
  // detached: npm, its shell and node form one process group, stopped together at the end.
  const child = spawn('npm', ['start'], { cwd: root, env: newcomerEnv(), detached: true, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    output: () => output,
    /** The one-time admin password `npm start` prints at first start, once CSOC answers /readyz. */
    async ready(): Promise<string> {
      const deadline = Date.now() + START_TIMEOUT_MS;
      let running = true;
      void exited.then(() => (running = false));
      for (;;) {
        const password = /One-time password: (\S+)/.exec(output)?.[1];
        if (password && (await isReady())) return password;
        if (!running) throw new Error(`npm start exited before CSOC was ready:\n${output}`);
        if (Date.now() > deadline)
          throw new Error(`npm start was not ready within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop(): Promise<void> {
      killGroup(child, 'SIGTERM');
      const killed = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await exited;
      // npm may exit before node has shut down: wait for the port to close, then leave nothing behind.
      for (let waited = 0; waited < 15_000 && (await isListening()); waited += 250)
        await new Promise((resolve) => setTimeout(resolve, 250));
      clearTimeout(killed);
      killGroup(child, 'SIGKILL');
    },
  };
}

function isListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(README_PORT, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function isReady(): Promise<boolean> {
  try {
    return (
      (await fetch(`http://127.0.0.1:${README_PORT}/readyz`, { signal: AbortSignal.timeout(2_000) }))
        .status === 200
    );
  } catch {
    return false;
  }
}

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('the README tour', () => {
  it('runs every step as written against `npm start` with every default, from a fresh copy of the repository', async () => {
    await assertPortFree(README_PORT);
    // A scratch copy, not this checkout: `npm start` here would use (and leave) the developer's own
    // ./.csoc-data. A copy keeps every default and starts from nothing, like a fresh clone; a `git
    // clone` would not do, as it would test the last commit instead of the working tree.
    const checkout = copyCheckout();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-tour-home-'));
    // The misplaced data dirs the bug created: relative to git's working directory, or the copy's parent.
    const strayDataDirs = [os.tmpdir(), path.dirname(checkout.root)]
      .map((dir) => path.join(dir, '.csoc-data'))
      .filter((dir) => !fs.existsSync(dir));
    const server = startNpmStart(checkout.root);
    // Also after a timeout: the server is detached (its own process group) and would outlive the test.
    onTestFinished(async () => {
      await server.stop();
      checkout.remove();
      fs.rmSync(home, { recursive: true, force: true });
    });
    const cliEnv = newcomerEnv({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') });
    const password = await server.ready();
    const steps = await runReadmeTour({
      readme: fs.readFileSync(path.join(checkout.root, 'README.md'), 'utf8'),
      cwd: checkout.root,
      env: cliEnv,
      password,
      serverOutput: server.output,
    });
    expect(steps.map((step) => step.command.split(' ').slice(0, 3).join(' '))).toContain('npx csoc destroy');

    // Torn down: the commons' infrastructure is gone from its state.
    const resources = await runStep('npx csoc state resources acme/alpha -o json', checkout.root, cliEnv);
    expect(resources.code, resources.stderr).toBe(0);
    expect(JSON.parse(resources.stdout)).toEqual([]);

    // Every file in ./.csoc-data of the directory `npm start` ran in, and only CSOC's user may read them.
    const dataDir = path.join(checkout.root, '.csoc-data');
    expect(strayDataDirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
    expect(modeOf(dataDir)).toBe('700');
    for (const file of ['csoc.db', 'csoc.db-wal', 'csoc.db-shm', 'master.key'])
      expect([file, modeOf(path.join(dataDir, file))]).toEqual([file, '600']);

    // Torn down, Gen3 included: no file of the commons is left in the org's GitOps repository.
    const gitopsFiles = execFileSync(
      'git',
      ['--git-dir', path.join(dataDir, 'gitops', 'acme.git'), 'ls-tree', '-r', '--name-only', 'main'],
      { encoding: 'utf8' },
    );
    expect(gitopsFiles.split('\n').filter((file) => file.includes('alpha'))).toEqual([]);
  }, 900_000);
});
