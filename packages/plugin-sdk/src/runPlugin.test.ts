import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginManifest } from './manifestSchema.ts';
import { createEventStreamParser, type EventStreamSummary } from './parseEventLine.ts';
import type { PluginRequest } from './requestSchema.ts';
import { runPlugin, type RunPluginOptions } from './runPlugin.ts';

const manifest: PluginManifest = {
  apiVersion: 'csoc.gen3.org/v1',
  kind: 'IacPlugin',
  name: 'test-plugin',
  version: '0.0.1',
  contract: '^1.0.0',
  clouds: ['sim'],
  tier: 'community',
  maintainers: [{ name: 'tests' }],
  permissions: [],
  inputs: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', pattern: '^[a-z]+$' }, size: { type: 'string', default: 'small' } },
  },
  outputs: { type: 'object' },
  capabilities: ['plan', 'apply', 'drift'],
  network: 'none',
  runtime: { command: ['node', 'main.mjs'] },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csoc-run-plugin-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(
  verb: string,
  handlers: RunPluginOptions['handlers'],
  inputs: Record<string, unknown> = { name: 'demo' },
  options: Partial<PluginRequest['options']> = {},
): Promise<{ code: number; summary: EventStreamSummary }> {
  const requestFile = join(dir, `${verb}-${Math.random()}.json`);
  const request: PluginRequest = {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb: verb as PluginRequest['verb'],
    runId: 'run-1',
    commons: { org: 'acme', name: 'demo' },
    inputs,
    credentials: { kind: 'sim', public: {} },
    workDir: dir,
    options,
  };
  await writeFile(requestFile, JSON.stringify(request));
  const stdout = new PassThrough();
  const parser = createEventStreamParser();
  stdout.on('data', (chunk: Buffer) => parser.push(chunk));
  const code = await runPlugin({
    pluginDir: dir,
    manifest,
    handlers,
    argv: ['node', 'main.mjs', verb],
    env: { CSOC_REQUEST_FILE: requestFile },
    stdout,
    handleSignals: false,
  });
  return { code, summary: parser.end() };
}

describe('runPlugin', () => {
  it('answers describe with the manifest', async () => {
    const { code, summary } = await run('describe', {});
    expect(code).toBe(0);
    expect(summary.manifest?.manifest).toEqual(manifest);
  });

  it('hands the handler inputs with the schema defaults filled in', async () => {
    let seen: Record<string, unknown> | undefined;
    const { code } = await run('plan', {
      plan: async ({ inputs, events }) => {
        seen = inputs;
        events.plan({ summary: { add: 0, change: 0, destroy: 0 }, resources: [] });
      },
    });
    expect(code).toBe(0);
    expect(seen).toEqual({ name: 'demo', size: 'small' });
  });

  it('refuses inputs that do not match the schema, listing each problem', async () => {
    const { code, summary } = await run(
      'plan',
      { plan: async () => 0 },
      { name: 'Demo!', extra: 1, size: 3 },
    );
    expect(code).toBe(1);
    expect(summary.errors[0]?.message).toBe('The inputs do not match the plugin input schema');
    expect(summary.errors[0]?.detail).toBe('inputs.name: must match ^[a-z]+$\ninputs.size: must be string');
  });

  it('fails unknown verbs and verbs outside the capabilities with an error event', async () => {
    expect((await run('explode', {})).summary.errors[0]?.message).toBe('Unknown verb "explode"');
    const destroy = await run('destroy', { destroy: async () => 0 });
    expect(destroy.code).toBe(1);
    expect(destroy.summary.errors[0]?.message).toBe('This plugin does not support destroy');
  });

  it('guarantees an error event when a verb fails, without doubling one already written', async () => {
    const silent = await run('plan', { plan: async () => 3 });
    expect(silent.code).toBe(3);
    expect(silent.summary.errors.map((e) => e.message)).toEqual(['plan failed with exit code 3']);
    const thrown = await run('plan', {
      plan: async () => {
        throw new Error('the cloud said no');
      },
    });
    expect(thrown.code).toBe(1);
    expect(thrown.summary.errors.map((e) => e.message)).toEqual(['the cloud said no']);
    const explained = await run('apply', {
      apply: async ({ events }) => {
        events.error('quota exceeded');
        return 1;
      },
    });
    expect(explained.summary.errors.map((e) => e.message)).toEqual(['quota exceeded']);
  });

  it('lets drift exit 2 (drift found) and only drift', async () => {
    expect((await run('drift', { drift: async () => 2 })).code).toBe(2);
    const apply = await run('apply', { apply: async () => 2 });
    expect(apply.code).toBe(1);
    expect(apply.summary.errors).toHaveLength(1);
  });

  it('interrupts a verb that outlives options.timeoutSeconds', async () => {
    const { code, summary } = await run(
      'plan',
      {
        plan: ({ signal }) =>
          new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      },
      { name: 'demo' },
      { timeoutSeconds: 1 },
    );
    expect(code).toBe(1);
    expect(summary.errors[0]?.message).toMatch(/did not finish within options.timeoutSeconds \(1 s\)/);
  });
});
