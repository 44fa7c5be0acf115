// Real Terraform (terraform_data only, no provider download) against local state and against a small
// in-test implementation of Terraform's http backend protocol (GET/POST/LOCK/UNLOCK with basic auth).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventWriter } from '../createEventWriter.ts';
import { createEventStreamParser, type EventStreamParser } from '../parseEventLine.ts';
import { ReportedError } from '../pluginErrors.ts';
import type { PluginRequest } from '../requestSchema.ts';
import {
  createTerraformDriver,
  hclString,
  renderCliConfig,
  type TerraformDriverOptions,
} from './createTerraformDriver.ts';
import { findTerraformBinary } from './findTerraformBinary.ts';
import { runTerraformVerb } from './runTerraformVerb.ts';

const MODULE = `
variable "name" {
  type = string
}
variable "sleep" {
  type    = number
  default = 0
}
resource "terraform_data" "thing" {
  for_each = toset(["a", "b"])
  input    = { name = "\${var.name}-\${each.key}" }
  provisioner "local-exec" {
    command = "sleep \${var.sleep}"
  }
}
output "names" {
  value = [for t in terraform_data.thing : t.output.name]
}
output "token" {
  value     = "sensitive-\${var.name}"
  sensitive = true
}
`;

let root: string;
let moduleDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-tf-driver-'));
  moduleDir = join(root, 'module');
  await mkdir(moduleDir);
  await writeFile(join(moduleDir, 'main.tf'), MODULE);
});
afterAll(() => rm(root, { recursive: true, force: true }));

function request(workDir: string, overrides: Partial<PluginRequest> = {}): PluginRequest {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb: 'plan',
    runId: 'run-1',
    commons: { org: 'acme', name: 'demo' },
    inputs: { name: 'demo' },
    credentials: { kind: 'sim', public: {} },
    workDir,
    options: {},
    ...overrides,
  };
}

function harness(
  req: PluginRequest,
  extra: Partial<TerraformDriverOptions> = {},
): { options: TerraformDriverOptions; parser: EventStreamParser; text: () => string } {
  const stream = new PassThrough();
  const parser = createEventStreamParser();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    parser.push(chunk);
  });
  const events = createEventWriter(stream);
  return { options: { request: req, events, terraformDir: moduleDir, ...extra }, parser, text: () => text };
}

describe('createTerraformDriver with local state', () => {
  it('plans, applies the saved plan, reads outputs, checks drift and destroys', async () => {
    const workDir = join(root, 'local');
    const plan = harness(request(workDir));
    expect(await runTerraformVerb('plan', plan.options)).toBe(0);
    const planSummary = plan.parser.end();
    expect(planSummary.garbage).toEqual([]);
    expect(planSummary.lastPlan).toMatchObject({
      summary: { add: 2, change: 0, destroy: 0 },
      resources: [
        { address: 'terraform_data.thing["a"]', action: 'create' },
        { address: 'terraform_data.thing["b"]', action: 'create' },
      ],
      mode: 'normal',
      planFile: join(workDir, 'plan.tfplan'),
    });
    expect(planSummary.lastPlan?.json).toMatchObject({ format_version: expect.any(String) });
    expect(JSON.parse(await readFile(join(workDir, 'terraform', 'terraform.tfvars.json'), 'utf8'))).toEqual({
      name: 'demo',
    });
    expect(await readFile(join(workDir, '.csoc-terraform.rc'), 'utf8')).toContain(
      'disable_checkpoint = true',
    );

    const apply = harness(request(workDir, { verb: 'apply', planFile: planSummary.lastPlan!.planFile! }));
    expect(await runTerraformVerb('apply', apply.options)).toBe(0);
    const applied = apply.parser.end();
    expect(applied.garbage).toEqual([]);
    expect(applied.lastOutputs).toMatchObject({
      values: { names: ['demo-a', 'demo-b'] },
      sensitive: ['token'],
    });
    expect(apply.text()).not.toContain('sensitive-demo');

    const drift = harness(request(workDir, { verb: 'drift' }));
    expect(await runTerraformVerb('drift', drift.options)).toBe(0);
    expect(drift.parser.end().lastPlan).toMatchObject({ mode: 'refresh-only', resources: [] });

    const outputs = harness(request(workDir, { verb: 'outputs' }));
    expect(await runTerraformVerb('outputs', outputs.options)).toBe(0);
    expect(outputs.parser.end().lastOutputs?.values).toEqual({ names: ['demo-a', 'demo-b'] });

    // A second plan with the same inputs changes nothing: state persisted in the working directory.
    const replan = harness(request(workDir));
    await runTerraformVerb('plan', replan.options);
    expect(replan.parser.end().lastPlan?.summary).toEqual({ add: 0, change: 0, destroy: 0 });

    const destroy = harness(request(workDir, { verb: 'destroy' }));
    expect(await runTerraformVerb('destroy', destroy.options)).toBe(0);
    const destroyed = destroy.parser.end();
    expect(destroyed.garbage).toEqual([]);
    expect(destroyed.errors).toEqual([]);
    const state = JSON.parse(await readFile(join(workDir, 'terraform', 'terraform.tfstate'), 'utf8')) as {
      resources: unknown[];
    };
    expect(state.resources).toEqual([]);
  });

  it('reports Terraform diagnostics as error events and throws an already-reported error', async () => {
    const h = harness(request(join(root, 'invalid'), { inputs: {} }));
    const error = await runTerraformVerb('plan', h.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportedError);
    const summary = h.parser.end();
    expect(summary.errors).toEqual([expect.objectContaining({ message: 'No value for required variable' })]);
  });

  it('interrupts Terraform when the signal aborts', async () => {
    const controller = new AbortController();
    const h = harness(request(join(root, 'abort'), { verb: 'apply', inputs: { name: 'slow', sleep: 30 } }), {
      signal: controller.signal,
      interruptGraceSeconds: 3,
    });
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 1500);
    const started = Date.now();
    await expect(runTerraformVerb('apply', h.options)).rejects.toBeInstanceOf(ReportedError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(h.parser.end().errors.map((e) => e.message)).toContain(
      'terraform apply was interrupted: cancelled by the user',
    );
  });

  it("applies a run's plan in the working directory its plan initialized, with no command run twice", async () => {
    const workDir = join(root, 'reuse');
    const ownModule = join(root, 'reuse-module');
    await mkdir(ownModule, { recursive: true });
    await writeFile(join(ownModule, 'main.tf'), MODULE);
    // The real engine behind a wrapper that notes each command it is asked to run.
    const commandLog = join(root, 'reuse-commands.log');
    const binary = join(root, 'terraform-noting');
    await writeFile(
      binary,
      `#!/bin/sh\necho "$1" >> '${commandLog}'\nexec '${findTerraformBinary()}' "$@"\n`,
      { mode: 0o755 },
    );
    const commands = async () => (await readFile(commandLog, 'utf8')).trim().split('\n');

    const plan = harness(request(workDir), { terraformDir: ownModule, binary });
    expect(await runTerraformVerb('plan', plan.options)).toBe(0);
    expect(await commands()).toEqual(['init', 'plan', 'show']);
    const planFile = plan.parser.end().lastPlan!.planFile!;

    await rm(commandLog);
    const apply = harness(request(workDir, { verb: 'apply', planFile }), { terraformDir: ownModule, binary });
    expect(await runTerraformVerb('apply', apply.options)).toBe(0);
    // No second init, no `show` to count the changes, no `output` after the apply: only the apply.
    expect(await commands()).toEqual(['apply']);
    expect(apply.text()).toContain('init: reusing this working directory');
    expect(apply.text()).toContain('applying the saved plan: 2 resource changes');
    expect(apply.parser.end().lastOutputs).toMatchObject({
      values: { names: ['demo-a', 'demo-b'] },
      sensitive: ['token'],
    });
    expect(apply.text()).not.toContain('sensitive-demo');

    // A plugin whose module changed initializes again.
    await rm(commandLog);
    await writeFile(join(ownModule, 'extra.tf'), 'output "extra" {\n  value = "x"\n}\n');
    const replan = harness(request(workDir), { terraformDir: ownModule, binary });
    expect(await runTerraformVerb('plan', replan.options)).toBe(0);
    expect(await commands()).toEqual(['init', 'plan', 'show']);
  });

  it("counts a plan's changes from the plan's own JSON lines when its JSON is not asked for (no `show`)", async () => {
    const workDir = join(root, 'streamed');
    const commandLog = join(root, 'streamed-commands.log');
    const binary = join(root, 'terraform-noting-streamed');
    await writeFile(
      binary,
      `#!/bin/sh\necho "$1" >> '${commandLog}'\nexec '${findTerraformBinary()}' "$@"\n`,
      { mode: 0o755 },
    );
    const commands = async () => (await readFile(commandLog, 'utf8')).trim().split('\n');
    const withoutJson = (overrides: Partial<PluginRequest> = {}) =>
      request(workDir, { ...overrides, options: { includePlanJson: false, ...overrides.options } });

    const plan = harness(withoutJson(), { binary });
    expect(await runTerraformVerb('plan', plan.options)).toBe(0);
    expect(await commands()).toEqual(['init', 'plan']);
    const planned = plan.parser.end().lastPlan!;
    expect(planned).toMatchObject({
      summary: { add: 2, change: 0, destroy: 0 },
      resources: [
        { address: 'terraform_data.thing["a"]', action: 'create' },
        { address: 'terraform_data.thing["b"]', action: 'create' },
      ],
      mode: 'normal',
    });
    expect(planned.json).toBeUndefined();

    await rm(commandLog);
    const apply = harness(withoutJson({ verb: 'apply', planFile: planned.planFile! }), { binary });
    expect(await runTerraformVerb('apply', apply.options)).toBe(0);
    expect(await commands()).toEqual(['apply']);
    expect(apply.text()).toContain('applying the saved plan: 2 resource changes');

    // A changed input updates both in place and a destroy plan deletes both: each counted as Terraform
    // counts it, still without `show`.
    await rm(commandLog);
    const update = harness(withoutJson({ inputs: { name: 'renamed' } }), { binary });
    expect(await runTerraformVerb('plan', update.options)).toBe(0);
    expect(await commands()).toEqual(['plan']);
    const updated = update.parser.end().lastPlan!;
    expect(updated.summary).toEqual({ add: 0, change: 2, destroy: 0 });
    expect(updated.resources.map((resource) => resource.address)).toEqual([
      'terraform_data.thing["a"]',
      'terraform_data.thing["b"]',
    ]);

    await rm(commandLog);
    const destroy = harness(withoutJson({ options: { includePlanJson: false, destroy: true } }), { binary });
    expect(await runTerraformVerb('plan', destroy.options)).toBe(0);
    expect(await commands()).toEqual(['plan']);
    expect(destroy.parser.end().lastPlan).toMatchObject({
      summary: { add: 0, change: 0, destroy: 2 },
      mode: 'destroy',
    });
  });

  it('refreshes the module copy but keeps local state between verbs', async () => {
    const workDir = join(root, 'refresh');
    const driver = createTerraformDriver(harness(request(workDir)).options);
    await driver.prepare();
    await writeFile(join(driver.rootDir, 'stale.tf'), '# left from an older plugin version');
    await writeFile(join(driver.rootDir, 'terraform.tfstate'), '{}');
    await driver.prepare();
    expect((await readdir(driver.rootDir)).sort()).toEqual([
      'main.tf',
      'terraform.tfstate',
      'terraform.tfvars.json',
    ]);
  });
});

describe('createTerraformDriver with the CSOC http backend', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method: string; url: string; authorization?: string }[] = [];
  let stored: string | undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
        const expected = `Basic ${Buffer.from('run-1:run-scoped-token-123').toString('base64')}`;
        if (req.headers.authorization !== expected) {
          res.writeHead(401).end();
          return;
        }
        if (req.method === 'GET') {
          if (stored) res.writeHead(200, { 'content-type': 'application/json' }).end(stored);
          else res.writeHead(404).end();
        } else if (req.method === 'POST') {
          stored = body;
          res.writeHead(200).end();
        } else res.writeHead(200).end(); // LOCK, UNLOCK
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stores state in the backend, locks it, and keeps the token out of files, events and other variables', async () => {
    const workDir = join(root, 'remote');
    // Terraform through a wrapper that records the environment of every Terraform process.
    const envRecord = join(root, 'terraform-environments.txt');
    const wrapper = join(root, 'terraform-wrapper.sh');
    await writeFile(
      wrapper,
      `#!/bin/sh\nenv >> '${envRecord}'\nexec '${findTerraformBinary(process.env)}' "$@"\n`,
      { mode: 0o755 },
    );
    const state = {
      address: `${baseUrl}/state/acme/demo`,
      lockAddress: `${baseUrl}/state/acme/demo/lock`,
      unlockAddress: `${baseUrl}/state/acme/demo/lock`,
      username: 'run-1',
      passwordEnv: 'CSOC_STATE_TOKEN',
    };
    const env = { ...process.env, CSOC_STATE_TOKEN: 'run-scoped-token-123' };
    const h = harness(request(workDir, { verb: 'apply', state }), { env, binary: wrapper });
    expect(await runTerraformVerb('apply', h.options)).toBe(0);
    const summary = h.parser.end();
    expect(summary.errors).toEqual([]);
    expect(summary.lastOutputs?.values).toEqual({ names: ['demo-a', 'demo-b'] });

    const backend = await readFile(join(workDir, 'terraform', 'backend.tf'), 'utf8');
    expect(backend).toContain(`address        = "${state.address}"`);
    expect(backend).toContain('lock_method    = "LOCK"');
    for (const file of ['backend.tf', 'terraform.tfvars.json', '../.csoc-terraform.rc']) {
      expect(await readFile(join(workDir, 'terraform', file), 'utf8')).not.toContain('run-scoped-token-123');
    }
    expect(h.text()).not.toContain('run-scoped-token-123');
    // Terraform gets the token as TF_HTTP_PASSWORD only: never under the name the request gave it.
    const environments = await readFile(envRecord, 'utf8');
    expect(environments).toContain('TF_IN_AUTOMATION=1');
    const holding = environments.split('\n').filter((line) => line.includes('run-scoped-token-123'));
    expect(new Set(holding)).toEqual(new Set(['TF_HTTP_PASSWORD=run-scoped-token-123']));
    // Nothing in the work dir holds the token (not .terraform/, not the plan).
    const files = (await readdir(workDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    );
    for (const file of files) {
      const content = await readFile(join(file.parentPath, file.name), 'latin1');
      expect(content.includes('run-scoped-token-123'), file.name).toBe(false);
    }
    expect(JSON.parse(stored!)).toMatchObject({
      resources: [expect.objectContaining({ type: 'terraform_data' })],
    });
    const methods = seen.map((s) => `${s.method} ${s.url}`);
    expect(methods).toContain('LOCK /state/acme/demo/lock');
    expect(methods).toContain('UNLOCK /state/acme/demo/lock');
    expect(methods.some((m) => m.startsWith('POST /state/acme/demo'))).toBe(true);
    expect(seen.every((s) => s.authorization?.startsWith('Basic '))).toBe(true);
  });
});

describe('rendering', () => {
  it('writes a CLI config that uses the mirror only, or never downloads when told so', () => {
    expect(renderCliConfig({ pluginMirror: '/mirror', allowProviderDownload: true })).toContain(
      'filesystem_mirror {\n    path = "/mirror"\n  }',
    );
    expect(renderCliConfig({ pluginMirror: '/mirror', allowProviderDownload: true })).not.toContain('direct');
    expect(renderCliConfig({ allowProviderDownload: false })).toContain('exclude = ["*/*/*"]');
    expect(renderCliConfig({ allowProviderDownload: true })).toContain('direct {}');
  });

  it('quotes strings for HCL, template sequences included', () => {
    expect(hclString('http://x/${evil}%{if}"')).toBe('"http://x/$${evil}%%{if}\\""');
  });
});
