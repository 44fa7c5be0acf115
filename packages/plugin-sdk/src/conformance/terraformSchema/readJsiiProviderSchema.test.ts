// Deriving a schema from a cdktf assembly, and its cache: names come from the docs links, blocks from
// struct types, required from `optional`; the cache is reused, rebuilt when corrupt, and keyed by the
// assembly's fingerprint.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsiiProviderSchema } from './readJsiiProviderSchema.ts';

const LINK = 'https://registry.terraform.io/providers/acme/widgets/1.2.3/docs';

/** A tiny assembly shaped like cdktf's: a provider, one resource with a nested block, one data source. */
function assembly(fingerprint: string): Record<string, unknown> {
  const property = (name: string, tfName: string, type: unknown, optional: boolean, block = false) => ({
    name,
    ...(optional ? { optional: true } : {}),
    docs: block
      ? {
          summary: `${tfName} block.`,
          remarks: `Docs at Terraform Registry: {@link ${LINK}/resources/widget#${tfName} Widget#${tfName}}`,
        }
      : {
          summary: `Docs at Terraform Registry: {@link ${LINK}/resources/widget#${tfName} Widget#${tfName}}.`,
        },
    type,
  });
  const config = (fqn: string) => ({ name: 'config', type: { fqn } });
  return {
    name: '@cdktf/provider-widgets',
    version: '1.0.0',
    jsiiVersion: '5.0.0',
    types: {
      'p.provider.WidgetsProvider': {
        fqn: 'p.provider.WidgetsProvider',
        kind: 'class',
        base: 'cdktf.TerraformProvider',
        docs: { summary: `Represents a {@link ${LINK} widgets}.` },
        initializer: { parameters: [config('p.provider.WidgetsProviderConfig')] },
      },
      'p.provider.WidgetsProviderConfig': {
        fqn: 'p.provider.WidgetsProviderConfig',
        kind: 'interface',
        datatype: true,
        properties: [property('apiToken', 'api_token', { primitive: 'string' }, true)],
      },
      'p.widget.Widget': {
        fqn: 'p.widget.Widget',
        kind: 'class',
        base: 'cdktf.TerraformResource',
        docs: { summary: `Represents a {@link ${LINK}/resources/widget widgets_widget}.` },
        initializer: { parameters: [config('p.widget.WidgetConfig')] },
      },
      'p.widget.WidgetConfig': {
        fqn: 'p.widget.WidgetConfig',
        kind: 'interface',
        datatype: true,
        interfaces: ['cdktf.TerraformMetaArguments'],
        properties: [
          property('name', 'name', { primitive: 'string' }, false),
          // The docs link wins over the jsii name: Terraform calls it `ipv4_cidr`, not `ip_v4_cidr`.
          property('ipV4Cidr', 'ipv4_cidr', { primitive: 'string' }, true),
          {
            name: 'noLinkName',
            optional: true,
            docs: { summary: 'Provider prose only.' },
            type: { primitive: 'number' },
          },
          property(
            'labels',
            'labels',
            { collection: { kind: 'map', elementtype: { primitive: 'string' } } },
            true,
          ),
          property(
            'rule',
            'rule',
            {
              union: {
                types: [
                  { fqn: 'cdktf.IResolvable' },
                  { collection: { kind: 'array', elementtype: { fqn: 'p.widget.WidgetRule' } } },
                ],
              },
            },
            true,
            true,
          ),
          property('placement', 'placement', { fqn: 'p.widget.WidgetPlacement' }, false, true),
        ],
      },
      'p.widget.WidgetRule': {
        fqn: 'p.widget.WidgetRule',
        kind: 'interface',
        datatype: true,
        properties: [property('port', 'port', { primitive: 'number' }, false)],
      },
      'p.widget.WidgetPlacement': {
        fqn: 'p.widget.WidgetPlacement',
        kind: 'interface',
        datatype: true,
        properties: [property('zone', 'zone', { primitive: 'string' }, true)],
      },
      'p.dataWidget.DataWidgetsWidget': {
        fqn: 'p.dataWidget.DataWidgetsWidget',
        kind: 'class',
        base: 'cdktf.TerraformDataSource',
        docs: { summary: `Represents a {@link ${LINK}/data-sources/widget widgets_widget}.` },
        initializer: { parameters: [config('p.dataWidget.DataWidgetsWidgetConfig')] },
      },
      'p.dataWidget.DataWidgetsWidgetConfig': {
        fqn: 'p.dataWidget.DataWidgetsWidgetConfig',
        kind: 'interface',
        datatype: true,
        properties: [property('id', 'id', { primitive: 'string' }, false)],
      },
    },
    fingerprint,
  };
}

let root: string;
let packageDir: string;
let cacheDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-jsii-'));
  packageDir = join(root, 'node_modules/@cdktf/provider-widgets');
  await mkdir(packageDir, { recursive: true });
  await writeFile(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: '@cdktf/provider-widgets', version: '1.0.0' }),
  );
  await writeFile(join(packageDir, '.jsii'), JSON.stringify(assembly('first')));
  cacheDir = join(root, 'node_modules/.cache/csoc-provider-schemas');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('readJsiiProviderSchema', () => {
  it('derives Terraform names, arguments, blocks and what is required', async () => {
    const schema = await readJsiiProviderSchema(join(packageDir, '.jsii'));
    expect(schema).toMatchObject({
      source: 'acme/widgets',
      name: 'widgets',
      version: '1.2.3',
      origin: '@cdktf/provider-widgets@1.0.0',
    });
    expect(schema.provider).toEqual({ attributes: { api_token: 'optional' }, blocks: {} });
    expect(schema.resources).toEqual({
      widgets_widget: {
        attributes: { name: 'required', ipv4_cidr: 'optional', no_link_name: 'optional', labels: 'optional' },
        blocks: {
          rule: { minItems: 0, block: { attributes: { port: 'required' }, blocks: {} } },
          placement: { minItems: 1, maxItems: 1, block: { attributes: { zone: 'optional' }, blocks: {} } },
        },
      },
    });
    expect(schema.dataSources).toEqual({ widgets_widget: { attributes: { id: 'required' }, blocks: {} } });
  });

  it('keeps the derived schema in node_modules/.cache next to the assembly and reuses it', async () => {
    const files = await readdir(cacheDir);
    expect(files).toHaveLength(1);
    // A marker in the cached copy proves the second read came from the cache, not the assembly.
    const cacheFile = join(cacheDir, files[0]!);
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as { origin: string };
    await writeFile(cacheFile, JSON.stringify({ ...cached, origin: 'from the cache' }));
    expect((await readJsiiProviderSchema(join(packageDir, '.jsii'))).origin).toBe('from the cache');
  });

  it('rebuilds a corrupt cache file', async () => {
    const [file] = await readdir(cacheDir);
    await writeFile(join(cacheDir, file!), '{"source": "half a fi');
    const schema = await readJsiiProviderSchema(join(packageDir, '.jsii'));
    expect(schema.origin).toBe('@cdktf/provider-widgets@1.0.0');
    expect(JSON.parse(await readFile(join(cacheDir, file!), 'utf8'))).toEqual(schema);
  });

  it('derives again when the assembly changes (a new fingerprint)', async () => {
    const changed = assembly('second') as { types: Record<string, { properties?: { name: string }[] }> };
    changed.types['p.widget.WidgetPlacement']!.properties = [];
    await writeFile(join(packageDir, '.jsii'), JSON.stringify(changed));
    const schema = await readJsiiProviderSchema(join(packageDir, '.jsii'));
    expect(schema.resources.widgets_widget!.blocks.placement!.block.attributes).toEqual({});
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  it('names the missing assembly and what to install', async () => {
    await expect(readJsiiProviderSchema(join(root, 'nope/.jsii'))).rejects.toThrow(
      /cannot read the provider assembly .*nope\/\.jsii .*install the matching @cdktf\/provider-\* package/,
    );
  });

  it('refuses an assembly that is not a cdktf provider', async () => {
    const other = join(root, 'other.jsii');
    await writeFile(other, JSON.stringify({ name: 'x', version: '1', types: {}, fingerprint: 'f' }));
    await expect(readJsiiProviderSchema(other, { cacheDir })).rejects.toThrow(
      /is this a cdktf provider assembly/,
    );
  });
});
