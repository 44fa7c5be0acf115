// The status file the image's health check reads: written at once, within a poll of each change of the
// link's state, and read by bin/csoc-agent-healthcheck.mjs as a user's probe would run it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentStatusFile } from './agentStatusFile.ts';
import type { AgentLinkState } from './link/createAgentLink.ts';

const healthcheck = path.join(import.meta.dirname, '../bin/csoc-agent-healthcheck.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function check(file: string, ...args: string[]) {
  return spawnSync(process.execPath, [healthcheck, ...args], {
    env: { PATH: process.env.PATH, CSOC_AGENT_STATUS_FILE: file },
    encoding: 'utf8',
  });
}

describe("csoc-agent's health check", () => {
  it('is alive while the agent writes, and ready only once the link is connected', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-status-'));
    dirs.push(dir);
    const file = path.join(dir, 'status.json');
    expect(check(file).status).toBe(1);
    expect(check(file).stderr).toContain('csoc-agent is not running');

    let state: AgentLinkState = 'starting';
    const stop = startAgentStatusFile(file, () => state, { intervalMs: 60_000 });
    try {
      expect(check(file).status).toBe(0);
      const waiting = check(file, '--connected');
      expect(waiting.status).toBe(1);
      expect(waiting.stderr).toContain('running but not connected to CSOC (link starting)');
      state = 'connected';
      // Written within a second of the change (the checks themselves take a while on a loaded machine), long
      // before the 60 s rewrite.
      const deadline = Date.now() + 20_000;
      while (check(file, '--connected').status !== 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(check(file, '--connected').stdout.trim()).toBe('csoc-agent connected');
    } finally {
      stop();
    }

    // A file nobody rewrote for a minute: the agent is stuck, whatever state it last wrote.
    const stale = {
      ...JSON.parse(fs.readFileSync(file, 'utf8')),
      at: new Date(Date.now() - 60_000).toISOString(),
    };
    fs.writeFileSync(file, JSON.stringify(stale));
    const stuck = check(file);
    expect(stuck.status).toBe(1);
    expect(stuck.stderr).toMatch(/csoc-agent is stuck: its status was last written (6\d|[7-9]\d) s ago/);
  });
});
