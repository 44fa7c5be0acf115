// A bundled plugin validates with validators precompiled at bundle time instead of compiling them at start:
// they must accept, fill in and report exactly what the compiled ones do, and be used only for the very
// schema they were made from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCached } from './compileCached.ts';
import './createAjv.ts';
import { formatSchemaErrors } from './schemaProblems.ts';
import { PluginManifest } from './manifestSchema.ts';
import { registerPrecompiledValidators } from './precompiledValidators.ts';
import { PluginRequest } from './requestSchema.ts';
import { standaloneValidators } from './standaloneValidators.ts';

const inputs = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', minLength: 3, maxLength: 20 },
    sizeTier: { type: 'string', enum: ['small', 'large'], default: 'small' },
    contact: { type: 'string', format: 'email' },
    homepage: { type: 'string', format: 'uri' },
    buckets: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, versioned: { type: 'boolean', default: true } },
      },
    },
  },
};

const manifest = {
  apiVersion: 'csoc.gen3.org/v1',
  kind: 'IacPlugin',
  name: 'my-cloud',
  version: '1.2.3',
  contract: '^1.0.0',
  clouds: ['aws'],
  tier: 'community',
  maintainers: [{ name: 'Ada', email: 'ada@example.org' }],
  permissions: [],
  inputs,
  outputs: { type: 'object' },
  capabilities: ['plan', 'apply'],
  network: 'cloud',
  runtime: { command: ['node', 'dist/main.mjs'] },
};

const request = {
  apiVersion: 'csoc.gen3.org/v1',
  kind: 'PluginRequest',
  verb: 'plan',
  runId: 'run-1',
  commons: { org: 'org-1', name: 'demo' },
  inputs: { name: 'demo' },
  credentials: { kind: 'sim', public: {} },
  workDir: '/tmp/work',
  options: { timeoutSeconds: 60 },
};

const folder = mkdtempSync(join(tmpdir(), 'csoc-standalone-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Loads generated standalone code as the bundle does: an ES module that may `require` Ajv's helpers. */
async function loadStandalone(source: string, name: string): Promise<ValidateFunction> {
  const file = join(folder, `${name}.mjs`);
  const banner = `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(import.meta.url)});\n`;
  writeFileSync(file, banner + source);
  return ((await import(pathToFileURL(file).href)) as { default: ValidateFunction }).default;
}

/** What a caller sees of one validation: the verdict, the problems as formatted, the document after it. */
function outcome(validate: ValidateFunction, document: unknown) {
  const copy = structuredClone(document);
  const valid = validate(copy);
  return { valid, problems: formatSchemaErrors(validate.errors), document: copy };
}

describe('standaloneValidators', () => {
  it('makes validators of the manifest shape, the request and the inputs that judge exactly like compiled ones', async () => {
    const generated = standaloneValidators(manifest);
    expect(generated.map((validator) => validator.key.split('\u0000')[0])).toEqual([
      'plain',
      'plain',
      'defaults',
    ]);
    const [shape, requestValidator, inputsValidator] = await Promise.all(
      generated.map((validator, index) => loadStandalone(validator.source, `v${index}`)),
    );
    const cases: [ValidateFunction, ValidateFunction, unknown[]][] = [
      [
        shape!,
        compileCached(PluginManifest),
        [
          manifest,
          { ...manifest, name: 'My Cloud', maintainers: [{ name: 'Ada', email: 'not-an-email' }] },
          { ...manifest, capabilities: ['plan', 'teleport'], extra: true },
          { ...manifest, runtime: {} },
          {},
        ],
      ],
      [
        requestValidator!,
        compileCached(PluginRequest),
        [
          request,
          { ...request, verb: 'explode' },
          { ...request, credentials: { kind: '', public: {}, secret: 'x' } },
          { ...request, options: { timeoutSeconds: 0 } },
          { ...request, workDir: undefined },
        ],
      ],
      [
        inputsValidator!,
        compileCached(inputs, { useDefaults: true }),
        [
          { name: 'demo' },
          { name: 'demo', buckets: [{ name: 'data' }], contact: 'ada@example.org' },
          { name: 'Demo!', sizeTier: 'huge' },
          { name: 'ab', contact: 'nobody', homepage: 'not a uri', buckets: [{}] },
          { surprise: 1 },
          'not an object',
        ],
      ],
    ];
    for (const [precompiled, compiled, documents] of cases) {
      for (const document of documents) {
        expect(outcome(precompiled, document)).toEqual(outcome(compiled, document));
      }
    }
    // The cases do reject: a precompiled validator that accepted everything would not pass the line above
    // alone, but this says so plainly.
    expect(outcome(inputsValidator!, { name: 'Demo!', sizeTier: 'huge' }).problems).toEqual([
      { path: 'name', message: 'must match ^[a-z][a-z0-9-]*$' },
      { path: 'sizeTier', message: 'must be one of: "small", "large"' },
    ]);
    expect(outcome(inputsValidator!, { name: 'demo' }).document).toEqual({
      name: 'demo',
      sizeTier: 'small',
      buckets: [],
    });
  });

  it('is what compileCached hands out for the very same schema text, and never for another', async () => {
    const schema = { type: 'object', properties: { tier: { type: 'string', default: 'tiny' } } };
    const [generated] = standaloneValidators({ inputs: schema }).slice(-1);
    const precompiled = await loadStandalone(generated!.source, 'registered');
    registerPrecompiledValidators([{ key: generated!.key, validate: precompiled }]);

    expect(compileCached(structuredClone(schema), { useDefaults: true })).toBe(precompiled);
    // Registered for the defaults-filling option set only, and only for this text.
    expect(compileCached(structuredClone(schema))).not.toBe(precompiled);
    const edited = { ...schema, required: ['tier'] };
    const validateEdited = compileCached(edited, { useDefaults: true });
    expect(validateEdited).not.toBe(precompiled);
    expect(validateEdited({ tier: 5 })).toBe(false);
  });
});
