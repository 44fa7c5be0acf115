import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEventWriter } from '../createEventWriter.ts';
import { createEventStreamParser } from '../parseEventLine.ts';
import { createTerraformUiTranslator } from './translateTerraformUi.ts';

// Lines as Terraform 1.11 prints them with -json (trimmed to the fields the translator reads).
const resource = (addr: string) => ({ addr, resource_type: 'terraform_data' });
const terraformLines = [
  { '@level': 'info', '@message': 'Terraform 1.11.4', type: 'version' },
  {
    '@level': 'info',
    '@message': 'terraform_data.a: Plan to create',
    type: 'planned_change',
    change: { resource: resource('terraform_data.a'), action: 'create' },
  },
  {
    '@level': 'info',
    '@message': 'terraform_data.b: Plan to replace',
    type: 'planned_change',
    change: { resource: resource('terraform_data.b'), action: 'replace' },
  },
  {
    '@level': 'info',
    '@message': 'Plan: 2 to add, 0 to change, 1 to destroy.',
    type: 'change_summary',
    changes: { add: 2, change: 0, remove: 1, operation: 'plan' },
  },
  {
    '@level': 'info',
    '@message': 'terraform_data.a: Creating...',
    type: 'apply_start',
    hook: { resource: resource('terraform_data.a'), action: 'create' },
  },
  {
    '@level': 'info',
    '@message': 'terraform_data.a: Creation complete after 2s',
    type: 'apply_complete',
    hook: { resource: resource('terraform_data.a'), action: 'create', elapsed_seconds: 2 },
  },
  {
    '@level': 'info',
    '@message': 'terraform_data.b: Creation errored after 0s',
    type: 'apply_errored',
    hook: { resource: resource('terraform_data.b'), action: 'create', elapsed_seconds: 0 },
  },
  {
    '@level': 'warn',
    '@message': 'Warning: Value for undeclared variable',
    type: 'diagnostic',
    diagnostic: {
      severity: 'warning',
      summary: 'Value for undeclared variable',
      detail: 'x is not declared',
    },
  },
  {
    '@level': 'error',
    '@message': 'Error: local-exec provisioner error',
    type: 'diagnostic',
    diagnostic: {
      severity: 'error',
      summary: 'local-exec provisioner error',
      detail: 'exit status 1',
      address: 'terraform_data.b',
    },
  },
];

describe('createTerraformUiTranslator', () => {
  it('writes only valid events, even for lines that are not Terraform JSON', () => {
    const stream = new PassThrough();
    const parser = createEventStreamParser();
    stream.on('data', (chunk: Buffer) => parser.push(chunk));
    const translator = createTerraformUiTranslator(createEventWriter(stream), { logPrefix: '[simulated] ' });
    for (const line of terraformLines) translator.line(JSON.stringify(line));
    translator.line('not json from a crashing provider');
    const summary = parser.end();
    expect(summary.garbage).toEqual([]);
    expect(summary.events).toBe(terraformLines.length + 2 + 1); // + 2 progress, + 1 plain log
    expect(translator.errorDiagnostics).toBe(1);
    expect(translator.failedResources).toEqual(['terraform_data.b']);
    expect(translator.completedResources).toBe(1);
    expect(summary.errors).toEqual([
      expect.objectContaining({
        message: '[simulated] local-exec provisioner error',
        detail: 'exit status 1',
        address: 'terraform_data.b',
      }),
    ]);
  });

  it('maps each message type onto the right event', () => {
    const written: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => written.push(...chunk.toString().trimEnd().split('\n')));
    const translator = createTerraformUiTranslator(createEventWriter(stream));
    for (const line of terraformLines) translator.line(JSON.stringify(line));
    const events = written.map((l) => JSON.parse(l) as Record<string, unknown>);
    const brief = events.map((e) =>
      e.type === 'resource'
        ? `resource ${String(e.address)} ${String(e.action)} ${String(e.status)}${e.elapsed === undefined ? '' : ` ${String(e.elapsed)}s`}`
        : e.type === 'progress'
          ? `progress ${String(e.step)}/${String(e.total)}`
          : e.type === 'log'
            ? `log ${String(e.level)} ${String(e.message)}`
            : `${String(e.type)} ${String(e.message)}`,
    );
    expect(brief).toEqual([
      'log info Terraform 1.11.4',
      'resource terraform_data.a create planned',
      'resource terraform_data.b replace planned',
      'log info Plan: 2 to add, 0 to change, 1 to destroy.',
      'resource terraform_data.a create started',
      'resource terraform_data.a create completed 2s',
      'progress 1/3',
      'resource terraform_data.b create failed 0s',
      'progress 2/3',
      'log warn Value for undeclared variable: x is not declared',
      'error local-exec provisioner error',
    ]);
  });
});
