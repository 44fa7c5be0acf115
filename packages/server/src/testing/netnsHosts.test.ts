// The test hosts themselves: hosts reach each other and the client, a cut host is unreachable until it is
// restored, and nothing is left behind — neither by a lab torn down nor by a test process that died.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createNetnsLab, netnsUnavailableReason, removeLeftoverLabs } from './netnsHosts.ts';

const unavailable = netnsUnavailableReason();
const PORT = 7411;

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

/** Whether a TCP connection from the root namespace to ip:PORT gets the server's greeting. */
function reachable(ip: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, ip);
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('data', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe.skipIf(unavailable !== undefined)('network-namespace test hosts', () => {
  it('connects hosts, cuts one off and brings it back, and tears everything down', async () => {
    const lab = createNetnsLab(2);
    try {
      const [server, peer] = lab.hosts;
      const greeting = `require('net').createServer((s) => s.end('hi')).listen(${PORT}, '${server!.ip}')`;
      const running = lab.start(server!, process.execPath, ['-e', greeting], {});
      const deadline = Date.now() + 30_000;
      while (!(await reachable(server!.ip))) {
        if (Date.now() > deadline) throw new Error(`server never listened: ${running.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const fromPeer = () =>
        spawnSync('ip', [
          'netns',
          'exec',
          peer!.namespace,
          process.execPath,
          '-e',
          `const s = require('net').connect(${PORT}, '${server!.ip}'); s.setTimeout(2000, () => process.exit(1)); s.on('data', () => process.exit(0)); s.on('error', () => process.exit(1));`,
        ]).status === 0;
      expect(fromPeer()).toBe(true);

      lab.cut(server!);
      expect(await reachable(server!.ip)).toBe(false);
      expect(fromPeer()).toBe(false);
      lab.restore(server!);
      const back = Date.now() + 30_000;
      while (!(await reachable(server!.ip)) && Date.now() < back)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fromPeer()).toBe(true);

      await running.kill();
      expect(running.process.signalCode).toBe('SIGKILL');
    } finally {
      await lab.teardown();
    }
    expect(namespaces()).not.toContain(lab.hosts[0]!.namespace);
  });

  it('removes the namespaces and processes a dead test process left behind', async () => {
    // A pid that is gone: a process that already exited.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = `cnh${gone.toString(36)}-h00`;
    execFileSync('ip', ['netns', 'add', leftover]);
    const orphan = spawn('ip', ['netns', 'exec', leftover, 'sleep', '600'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => orphan.once('exit', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!execFileSync('ip', ['netns', 'pids', leftover], { encoding: 'utf8' }).trim()) {
        if (Date.now() > deadline) throw new Error('the orphan never started');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      removeLeftoverLabs();
      expect(namespaces()).not.toContain(leftover);
      await exited;
      expect(orphan.signalCode).toBe('SIGKILL');
    } finally {
      orphan.kill('SIGKILL');
      spawnSync('ip', ['netns', 'del', leftover]);
    }
  });
});

if (unavailable) {
  describe('network-namespace test hosts (unavailable here)', () => {
    it.skip(`need network namespaces: ${unavailable}`, () => {});
  });
}
