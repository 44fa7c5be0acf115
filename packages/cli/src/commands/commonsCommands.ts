// Commons as declarative documents: list (by label too), get, apply -f (create or update, guarded by
// If-Match), diff -f (what apply would change; exit code 4 when it would change something), label (set or
// remove labels) and a guarded delete.
import type { DocumentChange } from '@csoc/common';
import type { CommonsObject, CommonsWriteBody } from '../apiTypes.ts';
import { CliError, EXIT, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call, describeApiError } from '../createCsocClient.ts';
import { fillSchemaDefaults } from '../fillSchemaDefaults.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

export const commonsColumns = [
  { header: 'name', value: (commons: CommonsObject) => commons.metadata.name },
  { header: 'org', value: (commons: CommonsObject) => commons.metadata.org },
  { header: 'environment', value: (commons: CommonsObject) => commons.spec.environment },
  {
    header: 'plugin',
    value: (commons: CommonsObject) => `${commons.spec.plugin.name}@${commons.spec.plugin.version ?? '?'}`,
  },
  { header: 'account', value: (commons: CommonsObject) => commons.spec.account },
  { header: 'revision', value: (commons: CommonsObject) => commons.status.revision },
  { header: 'infrastructure', value: (commons: CommonsObject) => commons.status.infrastructure },
  {
    header: 'last run',
    value: (commons: CommonsObject) =>
      commons.status.lastRun ? `${commons.status.lastRun.kind} ${commons.status.lastRun.state}` : null,
  },
];

const fileFlag = {
  file: {
    type: 'string' as const,
    short: 'f',
    placeholder: 'FILE',
    description: 'the Commons document (YAML or JSON); - reads stdin',
  },
};

/** Reads and checks a `kind: Commons` document; anything else is a usage error naming the file. */
async function readCommonsDocument(
  context: CommandContext,
): Promise<{ document: CommonsWriteBody; org: string }> {
  const file = context.requireString('file');
  const label = file === '-' ? 'stdin' : file;
  const parsed = await context.parseYaml(await context.readInput(file), file);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`${label} is not a Commons document (a YAML map)`);
  const document = parsed as Record<string, unknown>;
  if (document.kind !== 'Commons')
    throw new UsageError(
      `${label} is kind ${JSON.stringify(document.kind ?? null)}, but this command takes kind: Commons`,
    );
  if (document.apiVersion !== 'csoc.gen3.org/v1')
    throw new UsageError(
      `${label} has apiVersion ${JSON.stringify(document.apiVersion ?? null)}; expected csoc.gen3.org/v1`,
    );
  const metadata = document.metadata as { name?: unknown; org?: unknown } | undefined;
  if (!metadata || typeof metadata.name !== 'string') throw new UsageError(`${label} has no metadata.name`);
  if (!document.spec || typeof document.spec !== 'object') throw new UsageError(`${label} has no spec`);
  const flagOrg = context.string('org') ?? context.io.env.CSOC_ORG;
  if (typeof metadata.org === 'string' && flagOrg && flagOrg !== metadata.org)
    throw new UsageError(`${label} names org ${metadata.org}, but --org/CSOC_ORG is ${flagOrg}`);
  const org = typeof metadata.org === 'string' ? metadata.org : context.org();
  const message = context.string('message');
  return { document: { ...(document as CommonsWriteBody), ...(message ? { message } : {}) }, org };
}

/** The commons as it is now, or undefined when it does not exist yet. */
async function fetchCommons(context: CommandContext, org: string, commons: string) {
  const result = await context
    .client()
    .GET('/api/v1/orgs/{org}/commons/{commons}', { params: { path: { org, commons } } });
  if (result.response.status === 404) return undefined;
  if (!result.response.ok || !result.data)
    throw new CliError(describeApiError(result.response, result.error));
  return { commons: result.data, etag: result.response.headers.get('etag') ?? undefined };
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

export function renderChanges(changes: DocumentChange[]): string {
  return changes
    .map((change) =>
      change.op === 'add'
        ? `+ ${change.path}: ${show(change.to)}`
        : change.op === 'remove'
          ? `- ${change.path}: ${show(change.from)}`
          : `~ ${change.path}: ${show(change.from)} -> ${show(change.to)}`,
    )
    .join('\n');
}

const commonsList: Command = {
  name: 'commons list',
  summary: "List an organization's commons",
  flags: {
    ...limitFlag,
    environment: {
      type: 'string',
      placeholder: 'ENV',
      choices: ['dev', 'staging', 'prod'],
      description: 'only this tier',
    },
    selector: {
      type: 'string',
      short: 'l',
      placeholder: 'SELECTOR',
      description: 'only commons whose labels match: env=prod,tier in (large,xl),env!=dev,!legacy',
    },
  },
  examples: [
    'csoc commons list --org acme',
    'csoc commons list --environment prod -o json',
    'csoc commons list -l env=prod,tier=large',
  ],
  async run(context) {
    const org = context.org();
    const environment = context.string('environment') as 'dev' | 'staging' | 'prod' | undefined;
    const labelSelector = context.string('selector');
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons', {
        params: {
          path: { org },
          query: {
            limit: limitOf(context),
            ...(environment ? { environment } : {}),
            ...(labelSelector ? { labelSelector } : {}),
          },
        },
      }),
    );
    context.print(data.items, commonsColumns);
  },
};

const commonsGet: Command = {
  name: 'commons get',
  summary: 'Show a commons: its document and status',
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  examples: ['csoc commons get acme/alpha', 'csoc commons get alpha --org acme -o yaml'],
  async run(context) {
    const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const { data } = await call(
      context
        .client()
        .GET('/api/v1/orgs/{org}/commons/{commons}', { params: { path: { org, commons: name } } }),
    );
    context.print(data, commonsColumns);
  },
};

const commonsApply: Command = {
  name: 'commons apply',
  summary: 'Create or update a commons from its declarative document (kind: Commons)',
  usage: '-f FILE',
  details:
    'Creates the commons when it does not exist; otherwise replaces its document, guarded by If-Match\n' +
    'with the version just read, so a concurrent change is refused rather than overwritten. The org is\n' +
    "the document's metadata.org, else --org / CSOC_ORG / the context.",
  flags: {
    ...fileFlag,
    message: { type: 'string', placeholder: 'TEXT', description: 'why: recorded on the revision' },
  },
  examples: [
    'csoc commons apply -f commons.yaml',
    'csoc commons apply -f alpha.yaml --org acme --message "add imaging bucket"',
  ],
  async run(context) {
    const { document, org } = await readCommonsDocument(context);
    const name = document.metadata.name;
    const current = await fetchCommons(context, org, name);
    let result: CommonsObject;
    let verb: string;
    if (!current) {
      result = (
        await call(
          context.client().POST('/api/v1/orgs/{org}/commons', { params: { path: { org } }, body: document }),
        )
      ).data;
      verb = 'created';
    } else {
      result = (
        await call(
          context.client().PUT('/api/v1/orgs/{org}/commons/{commons}', {
            params: { path: { org, commons: name } },
            body: document,
            headers: current.etag ? { 'if-match': current.etag } : {},
          }),
        )
      ).data;
      verb = result.version === current.commons.version ? 'unchanged' : 'configured';
    }
    if (context.format !== 'table') return context.print(result, commonsColumns);
    context.write(`commons ${org}/${name} ${verb} (revision ${result.status.revision})\n`);
  },
};

const commonsDiff: Command = {
  name: 'commons diff',
  summary: 'Show what commons apply -f would change (exit code 4 when something would change)',
  usage: '-f FILE',
  flags: fileFlag,
  examples: ['csoc commons diff -f commons.yaml', 'csoc commons diff -f commons.yaml -o json'],
  async run(context) {
    const { document, org } = await readCommonsDocument(context);
    const name = document.metadata.name;
    const current = await fetchCommons(context, org, name);
    const desired = {
      metadata: { name, labels: document.metadata.labels ?? {} },
      spec: structuredClone(document.spec),
    };
    // An unpinned plugin version means "keep the pinned one", so it is no change.
    if (current && desired.spec.plugin.version === undefined)
      desired.spec.plugin.version = current.commons.spec.plugin.version;
    // CSOC fills the plugin's input defaults on write; fill them here too so omitted defaults are no change.
    const pluginVersion = desired.spec.plugin.version;
    if (pluginVersion) {
      const { data: plugin } = await call(
        context.client().GET('/api/v1/plugins/{name}/{version}', {
          params: { path: { name: desired.spec.plugin.name, version: pluginVersion } },
        }),
      );
      desired.spec.inputs = fillSchemaDefaults(
        plugin.manifest.inputs,
        desired.spec.inputs,
      ) as typeof desired.spec.inputs;
    }
    const before = current
      ? { metadata: { name, labels: current.commons.metadata.labels ?? {} }, spec: current.commons.spec }
      : {};
    // Loaded here: @csoc/common pulls in every API schema, which would slow down every other command.
    const { diffDocuments } = await import('@csoc/common');
    const changes = diffDocuments(before, desired);
    if (context.format !== 'table')
      context.print({ org, commons: name, exists: Boolean(current), changes }, []);
    else if (changes.length === 0) context.write(`commons ${org}/${name}: no changes\n`);
    else context.write(`commons ${org}/${name}${current ? '' : ' (new)'}:\n${renderChanges(changes)}\n`);
    return changes.length ? EXIT.drift : EXIT.ok;
  },
};

/** `key=value` sets a label, `key-` removes it (as kubectl label writes them). */
export function applyLabelArguments(
  labels: Record<string, string>,
  argumentsGiven: readonly string[],
): Record<string, string> {
  const result = { ...labels };
  for (const argument of argumentsGiven) {
    const equals = argument.indexOf('=');
    if (equals > 0) result[argument.slice(0, equals)] = argument.slice(equals + 1);
    else if (argument.endsWith('-') && argument.length > 1) delete result[argument.slice(0, -1)];
    else throw new UsageError(`"${argument}" is neither KEY=VALUE (set a label) nor KEY- (remove one)`);
  }
  return result;
}

const commonsLabel: Command = {
  name: 'commons label',
  summary: 'Set (KEY=VALUE) or remove (KEY-) labels of a commons; its spec and revision stay as they are',
  usage: 'ORG/COMMONS KEY=VALUE|KEY- ...',
  args: { min: 2, max: 65 },
  examples: ['csoc commons label acme/alpha env=prod tier=large', 'csoc commons label acme/alpha legacy-'],
  async run(context) {
    const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const current = await fetchCommons(context, org, name);
    if (!current) throw new CliError(`no commons ${org}/${name}`);
    const labels = applyLabelArguments(current.commons.metadata.labels ?? {}, context.positionals.slice(1));
    const { data } = await call(
      context.client().PUT('/api/v1/orgs/{org}/commons/{commons}', {
        params: { path: { org, commons: name } },
        body: {
          apiVersion: 'csoc.gen3.org/v1',
          kind: 'Commons',
          metadata: { name, labels },
          spec: current.commons.spec,
          message: 'Labels changed',
        },
        headers: current.etag ? { 'if-match': current.etag } : {},
      }),
    );
    if (context.format !== 'table') return context.print(data, commonsColumns);
    const shown = Object.entries(data.metadata.labels ?? {}).map(([key, value]) => `${key}=${value}`);
    context.write(`commons ${org}/${name} labels: ${shown.join(',') || '(none)'}\n`);
  },
};

const commonsDelete: Command = {
  name: 'commons delete',
  summary: 'Delete a commons whose infrastructure is destroyed (type its name in --confirm)',
  usage: 'ORG/COMMONS --confirm NAME',
  args: { min: 1, max: 1 },
  flags: {
    confirm: { type: 'string', placeholder: 'NAME', description: 'the commons name again, to confirm' },
  },
  examples: ['csoc commons delete acme/alpha --confirm alpha'],
  async run(context) {
    const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
    const confirm = context.string('confirm');
    if (confirm !== name) throw new UsageError(`type the commons name to confirm: --confirm ${name}`);
    const { response } = await call(
      context.client().DELETE('/api/v1/orgs/{org}/commons/{commons}', {
        params: { path: { org, commons: name }, query: { confirm } },
      }),
    );
    if (response.status === 202)
      context.note(
        `Deletion of prod commons ${org}/${name} requested; a second person must run the same command.`,
      );
    else context.note(`Deleted commons ${org}/${name}.`);
  },
};

export const commonsCommands: Command[] = [
  commonsList,
  commonsGet,
  commonsApply,
  commonsDiff,
  commonsLabel,
  commonsDelete,
];
