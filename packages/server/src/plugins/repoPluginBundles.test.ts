import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePluginBundle, schemaModuleAsJson } from './repoPluginBundles.ts';

describe('ensurePluginBundle', () => {
  it('bundles src/main.ts into dist/main.mjs that runs with plain node, and rebuilds only when a source changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'greeting.ts'), "export const greeting: string = 'first';\n");
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      "import { greeting } from './greeting.ts';\nimport os from 'node:os';\nconsole.log(`${greeting} ${typeof os.cpus}`);\n",
    );
    const bundle = await ensurePluginBundle(dir);
    expect(bundle).toBe(path.join(dir, 'dist', 'main.mjs'));
    expect(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }).trim()).toBe('first function');

    const builtAt = fs.statSync(bundle).mtimeMs;
    await ensurePluginBundle(dir);
    expect(fs.statSync(bundle).mtimeMs).toBe(builtAt);

    fs.writeFileSync(path.join(dir, 'src', 'greeting.ts'), "export const greeting: string = 'second';\n");
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(path.join(dir, 'src', 'greeting.ts'), later, later);
    await ensurePluginBundle(dir);
    expect(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }).trim()).toBe('second function');
    // No temporary file is left beside the bundle.
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['main.mjs']);
  });
});

describe('a plugin bundle with a manifest', () => {
  it('brings its validators precompiled: a verb compiles no schema, and still rejects what it rejected', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-'));
    const sdk = path.resolve(import.meta.dirname, '../../../plugin-sdk/src');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'IacPlugin',
        name: 'bundled',
        version: '0.1.0',
        contract: '^1.0.0',
        clouds: ['sim'],
        tier: 'experimental',
        maintainers: [{ name: 'test' }],
        permissions: [],
        capabilities: ['plan'],
        network: 'none',
        runtime: { command: ['node', 'dist/main.mjs'] },
        inputs: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[a-z]+$' },
            tier: { type: 'string', enum: ['small', 'large'], default: 'small' },
          },
        },
        outputs: { type: 'object' },
      }),
    );
    // The plan reports which validators were precompiled (none is compiled when all three are) and the
    // inputs it received, defaults filled in.
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      `import { fileURLToPath } from 'node:url';
import { runPlugin } from ${JSON.stringify(path.join(sdk, 'runPlugin.ts'))};
import { findPrecompiledValidator, validatorKey } from ${JSON.stringify(path.join(sdk, 'precompiledValidators.ts'))};
import { isSchemaCompilerLoaded } from ${JSON.stringify(path.join(sdk, 'compileCached.ts'))};
import { PluginManifest } from ${JSON.stringify(path.join(sdk, 'manifestSchema.ts'))};
import { PluginRequest } from ${JSON.stringify(path.join(sdk, 'requestSchema.ts'))};
process.exitCode = await runPlugin({
  pluginDir: fileURLToPath(new URL('..', import.meta.url)),
  handlers: {
    plan: async ({ inputs, manifest, events }) => {
      const precompiled = [
        findPrecompiledValidator(validatorKey('plain', PluginManifest)),
        findPrecompiledValidator(validatorKey('plain', PluginRequest)),
        findPrecompiledValidator(validatorKey('defaults', manifest.inputs)),
      ].map(Boolean);
      events.info(JSON.stringify({ precompiled, inputs, compilerLoaded: isSchemaCompilerLoaded() }));
    },
  },
});
`,
    );
    const bundle = await ensurePluginBundle(dir);
    const plan = (inputs: Record<string, unknown>) => {
      const requestFile = path.join(dir, 'request.json');
      fs.writeFileSync(
        requestFile,
        JSON.stringify({
          apiVersion: 'csoc.gen3.org/v1',
          kind: 'PluginRequest',
          verb: 'plan',
          runId: 'run-1',
          commons: { org: 'o', name: 'c' },
          inputs,
          credentials: { kind: 'sim', public: {} },
          workDir: dir,
          options: {},
        }),
      );
      const result = spawnSync(process.execPath, [bundle, 'plan'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, CSOC_REQUEST_FILE: requestFile },
      });
      return {
        status: result.status,
        events: result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      };
    };

    const accepted = plan({ name: 'demo' });
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.events[0].message)).toEqual({
      precompiled: [true, true, true],
      inputs: { name: 'demo', tier: 'small' },
      compilerLoaded: false,
    });
    // What every start parses holds neither TypeBox (the schemas arrive as JSON) nor Ajv's compiler (a
    // chunk read only for a schema the bundle did not precompile).
    const main = fs.readFileSync(bundle, 'utf8');
    expect(main).not.toMatch(/node_modules\/typebox\//);
    expect(main).not.toMatch(/node_modules\/ajv\/dist\/(core|compile)/);
    for (const chunk of fs.readdirSync(path.join(dir, 'dist')))
      expect(fs.readFileSync(path.join(dir, 'dist', chunk), 'utf8')).not.toMatch(/node_modules\/typebox\//);

    const rejected = plan({ name: 'Demo', tier: 'huge', extra: 1 });
    expect(rejected.status).toBe(1);
    expect(rejected.events[0]).toMatchObject({
      type: 'error',
      message: 'The inputs do not match the plugin input schema',
      detail: [
        'inputs.extra: is not a known field (check the spelling, or remove it)',
        'inputs.name: must match ^[a-z]+$',
        'inputs.tier: must be one of: "small", "large"',
      ].join('\n'),
    });

    // A manifest edited after the bundle was built is never judged by the old validators. Before the bundle
    // is rebuilt, the plugin loads the compiler for the one schema it did not precompile.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.inputs.properties.name.pattern = '^[A-Za-z]+$';
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const beforeRebuild = plan({ name: 'Demo' });
    expect(beforeRebuild.status).toBe(0);
    expect(JSON.parse(beforeRebuild.events[0].message)).toMatchObject({
      precompiled: [true, true, false],
      compilerLoaded: true,
    });
    expect(plan({ name: 'Demo1' }).events[0]).toMatchObject({
      type: 'error',
      detail: 'inputs.name: must match ^[A-Za-z]+$',
    });
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(path.join(dir, 'manifest.json'), later, later);
    await ensurePluginBundle(dir);
    expect(plan({ name: 'Demo' }).status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('schemaModuleAsJson', () => {
  it('writes a schema module as JSON constants, and refuses one that exports anything but data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-schema-json-'));
    const data = path.join(dir, 'dataSchema.ts');
    fs.writeFileSync(
      data,
      "export const Limits = { type: 'object', required: ['size'] };\nexport const NAME = 'x';\n",
    );
    expect(await schemaModuleAsJson(data, dir)).toBe(
      'export const Limits = {"type":"object","required":["size"]};\nexport const NAME = "x";',
    );
    const withFunction = path.join(dir, 'mixedSchema.ts');
    fs.writeFileSync(withFunction, 'export const A = 1;\nexport function tierOf(x: string) { return x; }\n');
    await expect(schemaModuleAsJson(withFunction, dir)).rejects.toThrow(
      /exports tierOf, which is not plain data/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('a plugin bundle that calls Ajv itself', () => {
  it('is refused at build time, saying how a plugin compiles a schema', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-'));
    const sdk = path.resolve(import.meta.dirname, '../../../plugin-sdk/src');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      `import { createAjv } from ${JSON.stringify(path.join(sdk, 'createAjv.ts'))};\nconsole.log(createAjv().compile({ type: 'string' })('x'));\n`,
    );
    await expect(ensurePluginBundle(dir)).rejects.toThrow(
      /calls createAjv or cachedCompileOptions itself.*loadSchemaCompiler/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
