// The conformance kit against deliberately broken fake plugins (plain Node scripts written to a temp dir),
// proving each kind of violation is caught and that every violation is reported, not only the first.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatConformanceReport, runConformance, type ConformanceReport } from './runConformance.ts';

type Flaw = 'garbage' | 'silent-fail' | 'leak' | 'bad-outputs' | 'bad-summary' | 'unknown-event';

const FAKE_PLUGIN = `
import { readFileSync } from 'node:fs';
const FLAWS = new Set(JSON.parse(process.env.FAKE_FLAWS ?? '[]'));
const verb = process.argv[2];
const emit = (event) => process.stdout.write(JSON.stringify({ v: 1, time: new Date().toISOString(), ...event }) + '\\n');
const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));
if (verb === 'describe') {
  emit({ type: 'manifest', manifest });
  process.exit(0);
}
const request = JSON.parse(readFileSync(process.env.CSOC_REQUEST_FILE, 'utf8'));
emit({ type: 'log', level: 'info', message: 'fake plugin running ' + verb });
if (FLAWS.has('garbage')) console.log('Initializing the backend... done');
if (FLAWS.has('unknown-event')) emit({ type: 'cost', monthly: 3 });
if (FLAWS.has('leak')) {
  const secrets = JSON.parse(readFileSync(request.credentials.secretsFile, 'utf8'));
  emit({ type: 'log', level: 'debug', message: 'credentials: ' + JSON.stringify(secrets) });
}
if (FLAWS.has('silent-fail') && verb === 'plan') process.exit(1);
const outputs = FLAWS.has('bad-outputs') ? { cluster_name: 42 } : { cluster_name: request.inputs.name };
switch (verb) {
  case 'plan':
    emit({
      type: 'plan',
      summary: FLAWS.has('bad-summary') ? { add: 5, change: 0, destroy: 0 } : { add: 1, change: 0, destroy: 0 },
      resources: [{ address: 'fake.cluster', action: 'create' }],
    });
    break;
  case 'apply':
    emit({ type: 'resource', address: 'fake.cluster', action: 'create', status: 'completed', elapsed: 0 });
    emit({ type: 'outputs', values: outputs });
    break;
  case 'outputs':
    emit({ type: 'outputs', values: outputs });
    break;
}
process.exit(0);
`;

function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'IacPlugin',
    name: 'fake',
    version: '0.0.1',
    contract: '^1.0.0',
    clouds: ['sim'],
    tier: 'community',
    maintainers: [{ name: 'tests' }],
    permissions: [],
    inputs: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    outputs: { type: 'object', required: ['cluster_name'], properties: { cluster_name: { type: 'string' } } },
    capabilities: ['plan', 'apply', 'destroy', 'drift', 'outputs'],
    network: 'none',
    runtime: { command: ['node', 'plugin.mjs'] },
    examples: { inputs: { name: 'fake-commons' } },
    ...overrides,
  };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-fake-plugins-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function fakePlugin(name: string, manifestDocument = manifest()): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifestDocument, null, 2));
  await writeFile(join(dir, 'plugin.mjs'), FAKE_PLUGIN);
  return dir;
}

async function check(name: string, flaws: Flaw[], manifestDocument = manifest()): Promise<ConformanceReport> {
  const pluginDir = await fakePlugin(name, manifestDocument);
  return runConformance({
    pluginDir,
    full: true,
    env: { FAKE_FLAWS: JSON.stringify(flaws) },
    timeoutSeconds: 30,
  });
}

const checks = (report: ConformanceReport): string[] =>
  report.violations.map((v) => `${v.verb ?? '-'} ${v.check}`);

describe('runConformance', () => {
  it('passes a plugin that keeps the contract', async () => {
    const report = await check('good', []);
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verbs.map((v) => `${v.verb}:${v.exitCode}`)).toEqual([
      'describe:0',
      'plan:0',
      'apply:0',
      'outputs:0',
      'drift:0',
      'destroy:0',
    ]);
    expect(formatConformanceReport(report)).toMatch(/PASSED/);
  });

  it('reports garbage on stdout with the line and the reason', async () => {
    const report = await check('garbage', ['garbage']);
    expect(report.ok).toBe(false);
    const garbage = report.violations.filter((v) => v.check === 'events.garbage');
    expect(garbage.map((v) => v.verb)).toEqual(['plan', 'apply', 'outputs', 'drift', 'destroy']);
    expect(garbage[0]).toMatchObject({
      line: 2,
      message: 'stdout line 2 is not a valid event (not JSON): Initializing the backend... done',
    });
  });

  it('reports a verb that exits non-zero without an error event, and skips what depends on it', async () => {
    const report = await check('silent', ['silent-fail']);
    expect(checks(report)).toEqual(['plan exit.error-event', 'plan exit.code']);
    expect(report.violations[0]!.message).toBe(
      'exited with code 1 without writing an error event (a failed verb must say why)',
    );
    expect(report.skipped.map((s) => `${s.verb}: ${s.reason}`)).toEqual([
      'apply: plan failed',
      'outputs: plan failed',
      'drift: plan failed',
      'destroy: plan failed',
    ]);
  });

  it('reports every problem of an invalid manifest, and still runs the plugin', async () => {
    const report = await check(
      'invalid-manifest',
      [],
      manifest({ name: 'Fake_Plugin', tier: 'gold', contract: '^2.0.0', capabilities: ['plan', 'fly'] }),
    );
    const messages = report.violations.filter((v) => v.check === 'manifest.invalid').map((v) => v.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: must match/),
        'tier: must be one of: "core", "community", "experimental", "official"',
        expect.stringMatching(/^capabilities\[1\]: must be one of/),
      ]),
    );
    expect(report.verbs.map((v) => v.verb)).toContain('plan');
  });

  it('reports a plugin that leaks a secret it was handed, without repeating the secret', async () => {
    const report = await check('leak', ['leak']);
    const leaks = report.violations.filter((v) => v.check === 'secrets.leak');
    expect(leaks.map((v) => v.verb)).toEqual(['plan', 'apply', 'outputs', 'drift', 'destroy']);
    expect(leaks[0]!.message).toBe(
      'a secret value handed in through credentials.secretsFile appears on stdout (line 2)',
    );
    expect(JSON.stringify(report)).not.toMatch(/csoc-conformance-secret-[0-9a-f]{24}/);
  });

  it('reports all violations of a plugin with many flaws in one run', async () => {
    const report = await check('many-flaws', [
      'garbage',
      'leak',
      'bad-outputs',
      'bad-summary',
      'unknown-event',
    ]);
    expect(new Set(report.violations.map((v) => v.check))).toEqual(
      new Set(['events.garbage', 'events.unknown-type', 'secrets.leak', 'plan.summary', 'outputs.schema']),
    );
    expect(report.violations.find((v) => v.check === 'outputs.schema')?.message).toBe(
      "outputs.cluster_name: must be string (the manifest's outputs schema)",
    );
    expect(report.violations.find((v) => v.check === 'plan.summary')?.message).toBe(
      'the summary {"add":5,"change":0,"destroy":0} does not match the resources listed {"add":1,"change":0,"destroy":0}',
    );
    expect(formatConformanceReport(report)).toMatch(/FAILED[\s\S]*violation\(s\):/);
  });

  it('says what to do when it cannot run the plugin at all', async () => {
    const noCommand = await check('no-command', [], manifest({ runtime: {} }));
    expect(checks(noCommand)).toEqual(['- manifest.runtime-command']);
    const noInputs = await check('no-inputs', [], manifest({ examples: undefined }));
    expect(noInputs.violations[0]?.message).toMatch(/add examples.inputs to the manifest or pass inputs/);
  });
});
