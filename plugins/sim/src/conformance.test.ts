// The sim plugin passes the conformance kit in full mode, run as a separate process exactly as the host
// runs it (manifest runtime.command, request file, secrets file, local state).
import { beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@csoc/plugin-sdk';
import { ensurePluginBundle } from '@csoc/server';
import { SIM_PLUGIN_DIR } from './runSim.ts';

describe('the sim plugin and the conformance kit', () => {
  // The manifest runs the bundle (dist/main.mjs), as the CSOC does.
  beforeAll(() => ensurePluginBundle(SIM_PLUGIN_DIR), 60_000);

  it('passes in full mode: describe, plan, apply, outputs, drift, destroy', async () => {
    const report = await runConformance({ pluginDir: SIM_PLUGIN_DIR, full: true, timeoutSeconds: 60 });
    expect(report.violations).toEqual([]);
    expect(report.verbs.map((v) => `${v.verb}:${v.exitCode}`)).toEqual([
      'describe:0',
      'plan:0',
      'apply:0',
      'outputs:0',
      'drift:0',
      'destroy:0',
    ]);
    expect(report.verbs.every((v) => v.garbage.length === 0)).toBe(true);
  }, 90_000);
});
