// Cloud accounts (secret fields only ever from a file or stdin, never argv) and the plugin catalog.
import type { CloudAccount } from '@csoc/common';
import { UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

const accountColumns = [
  { header: 'name', value: (account: CloudAccount) => account.name },
  { header: 'kind', value: (account: CloudAccount) => account.kind },
  { header: 'public', value: (account: CloudAccount) => account.public },
  {
    header: 'secrets set',
    value: (account: CloudAccount) =>
      account.secretFields
        .filter((field) => field.set)
        .map((field) => field.name)
        .join(',') || '-',
  },
  { header: 'fingerprint', value: (account: CloudAccount) => account.secretFingerprint },
  { header: 'rotated', value: (account: CloudAccount) => account.secretsRotatedAt },
];

/** Reads secret fields (a YAML or JSON map of strings) from --secrets-file, `-` meaning stdin. */
async function readSecrets(
  context: CommandContext,
  required: boolean,
): Promise<Record<string, string> | undefined> {
  const file = context.string('secrets-file');
  if (!file) {
    if (required)
      throw new UsageError(`csoc ${context.command.name} needs --secrets-file FILE (or - for stdin)`);
    return undefined;
  }
  const parsed = (await context.parseYaml(await context.readInput(file), file)) ?? {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`${file === '-' ? 'stdin' : file} must be a map of secret field names to values`);
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new UsageError(`secret field ${name} must be a string`);
    secrets[name] = value;
  }
  return secrets;
}

/** Public fields from --public-file and --public key=value pairs (the pairs win). */
async function readPublicFields(context: CommandContext): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const file = context.string('public-file');
  if (file) {
    const parsed = await context.parseYaml(await context.readInput(file), file);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UsageError(`${file} must be a map of public fields`);
    Object.assign(fields, parsed);
  }
  for (const pair of context.list('public')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--public takes KEY=VALUE, not "${pair}"`);
    fields[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return fields;
}

const secretsFlag = {
  'secrets-file': {
    type: 'string' as const,
    placeholder: 'FILE',
    description: 'YAML/JSON map of the secret fields; - reads stdin (secrets never go on the command line)',
  },
};

const accountsList: Command = {
  name: 'accounts list',
  summary: "List an organization's cloud accounts (secrets show as a fingerprint only)",
  flags: limitFlag,
  examples: ['csoc accounts list --org acme'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/accounts', {
        params: { path: { org }, query: { limit: limitOf(context) } },
      }),
    );
    context.print(data.items, accountColumns);
  },
};

const accountsCreate: Command = {
  name: 'accounts create',
  summary: 'Add a cloud account',
  usage: 'NAME --kind KIND [--public KEY=VALUE]... [--secrets-file FILE|-]',
  args: { min: 1, max: 1 },
  flags: {
    kind: {
      type: 'string',
      placeholder: 'KIND',
      description: 'the cloud: aws, azure, gcp, kubernetes, sim, ... (CSOC checks it)',
    },
    public: { type: 'string', multiple: true, placeholder: 'KEY=VALUE', description: 'a public field' },
    'public-file': { type: 'string', placeholder: 'FILE', description: 'YAML/JSON map of public fields' },
    ...secretsFlag,
  },
  examples: [
    'csoc accounts create sim-account --kind sim --public region=us-sim-1 --org acme',
    'csoc accounts create prod-aws --kind aws --public accountId=123456789012 --public region=us-east-1 --secrets-file aws-secrets.yaml',
    'pass show aws/csoc | csoc accounts create prod-aws --kind aws --public-file aws.yaml --secrets-file -',
  ],
  async run(context) {
    const org = context.org();
    const kind = context.requireString('kind') as CloudAccount['kind'];
    const body = {
      kind,
      name: context.positionals[0]!,
      public: await readPublicFields(context),
      secrets: (await readSecrets(context, false)) ?? {},
    };
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/accounts', { params: { path: { org } }, body }),
    );
    context.print(data, accountColumns);
  },
};

const accountsRotate: Command = {
  name: 'accounts rotate',
  summary: "Replace a cloud account's secret fields",
  usage: 'NAME --secrets-file FILE|-',
  args: { min: 1, max: 1 },
  flags: secretsFlag,
  examples: [
    'csoc accounts rotate prod-aws --secrets-file new-keys.yaml --org acme',
    'vault kv get -format=yaml secret/aws | csoc accounts rotate prod-aws --secrets-file -',
  ],
  async run(context) {
    const org = context.org();
    const account = context.positionals[0]!;
    const secrets = (await readSecrets(context, true))!;
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/accounts/{account}/rotate', {
        params: { path: { org, account } },
        body: { secrets },
      }),
    );
    context.print(data, accountColumns);
  },
};

const accountsDelete: Command = {
  name: 'accounts delete',
  summary: 'Delete a cloud account and its secrets',
  usage: 'NAME',
  args: { min: 1, max: 1 },
  examples: ['csoc accounts delete old-aws --org acme'],
  async run(context) {
    const org = context.org();
    const account = context.positionals[0]!;
    await call(
      context
        .client()
        .DELETE('/api/v1/orgs/{org}/accounts/{account}', { params: { path: { org, account } } }),
    );
    context.note(`Deleted cloud account ${account} of ${org}.`);
  },
};

type PluginItem = {
  name: string;
  version: string;
  tier: string;
  clouds: string[];
  capabilities: string[];
  enabled: boolean;
  description: string | null;
  source: string;
};
const pluginColumns = [
  { header: 'name', value: (plugin: PluginItem) => plugin.name },
  { header: 'version', value: (plugin: PluginItem) => plugin.version },
  { header: 'tier', value: (plugin: PluginItem) => plugin.tier },
  { header: 'clouds', value: (plugin: PluginItem) => plugin.clouds.join(',') },
  { header: 'capabilities', value: (plugin: PluginItem) => plugin.capabilities.join(',') },
  { header: 'enabled', value: (plugin: PluginItem) => plugin.enabled },
];

const pluginsList: Command = {
  name: 'plugins list',
  summary: 'List the plugin catalog (every installed version)',
  flags: {
    ...limitFlag,
    cloud: { type: 'string', placeholder: 'CLOUD', description: 'only plugins for this cloud' },
  },
  examples: ['csoc plugins list', 'csoc plugins list --cloud aws -o json'],
  async run(context) {
    const cloud = context.string('cloud');
    const { data } = await call(
      context.client().GET('/api/v1/plugins', {
        params: { query: { limit: limitOf(context), ...(cloud ? { cloud } : {}) } },
      }),
    );
    context.print(data.items, pluginColumns);
  },
};

const pluginsShow: Command = {
  name: 'plugins show',
  summary: 'Show one plugin version with its manifest (default: the newest version)',
  usage: 'NAME [VERSION]',
  args: { min: 1, max: 2 },
  examples: ['csoc plugins show sim', 'csoc plugins show aws 0.1.0 -o yaml'],
  async run(context) {
    const [name, requested] = context.positionals as [string, string | undefined];
    let version = requested;
    if (!version) {
      const { data } = await call(
        context.client().GET('/api/v1/plugins', { params: { query: { name, limit: 500 } } }),
      );
      const newest = data.items
        .map((item) => item.version)
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
        .at(-1);
      if (!newest) throw new UsageError(`no plugin "${name}" is installed; see csoc plugins list`);
      version = newest;
    }
    const { data } = await call(
      context.client().GET('/api/v1/plugins/{name}/{version}', { params: { path: { name, version } } }),
    );
    context.print(data, [
      ...pluginColumns,
      { header: 'description', value: (plugin: PluginItem) => plugin.description },
      { header: 'source', value: (plugin: PluginItem) => plugin.source },
    ]);
  },
};

export const accountCommands: Command[] = [
  accountsList,
  accountsCreate,
  accountsRotate,
  accountsDelete,
  pluginsList,
  pluginsShow,
];
