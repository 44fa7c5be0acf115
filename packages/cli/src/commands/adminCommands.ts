// Terraform state of a commons (versions; download and force-unlock for admins) and the audit log
// (list, export as JSON Lines, verify the hash chain).
import fs from 'node:fs';
import { CliError, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import type { FlagSpec } from '../parseArgs.ts';
import { limitFlag, limitOf } from './identityCommands.ts';

function commonsRef(context: CommandContext) {
  const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
  return { org, commons: name };
}

/** Writes text to --file (mode 0600: state and audit exports are sensitive) or stdout. */
function writeOut(context: CommandContext, text: string): void {
  const file = context.string('file');
  if (!file || file === '-') return context.write(text);
  fs.writeFileSync(file, text, { mode: 0o600 });
  context.note(`Wrote ${file}.`);
}

const fileFlag: Record<string, FlagSpec> = {
  file: { type: 'string', placeholder: 'FILE', description: 'write to FILE (mode 0600) instead of stdout' },
};

const stateVersions: Command = {
  name: 'state versions',
  summary: "List a commons' Terraform state versions, newest first",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: limitFlag,
  examples: ['csoc state versions acme/alpha'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}/state/versions', {
        params: { path: { org, commons }, query: { limit: limitOf(context) } },
      }),
    );
    context.print(data.items, [
      { header: 'id', value: (version) => version.id },
      { header: 'serial', value: (version) => version.serial },
      { header: 'size', value: (version) => version.size },
      { header: 'written by', value: (version) => version.writtenBy },
      { header: 'run', value: (version) => version.runId },
      { header: 'created', value: (version) => version.createdAt },
    ]);
  },
};

const stateResources: Command = {
  name: 'state resources',
  summary: "List the resources in a commons' current Terraform state, with what each depends on (no values)",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  examples: ['csoc state resources acme/alpha', 'csoc state resources acme/alpha -o json'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}/state/resources', {
        params: { path: { org, commons } },
      }),
    );
    context.print(data.resources, [
      { header: 'address', value: (resource) => resource.address },
      { header: 'provider', value: (resource) => resource.provider },
      { header: 'instances', value: (resource) => resource.instances.length },
      { header: 'depends on', value: (resource) => resource.dependsOn.join(' ') || null },
    ]);
  },
};

const stateDownload: Command = {
  name: 'state download',
  summary: 'Download a state version (admins; audited: state holds secrets)',
  usage: 'ORG/COMMONS [--version ID] [--file FILE]',
  args: { min: 1, max: 1 },
  flags: {
    version: { type: 'string', placeholder: 'ID', description: 'the state version (default: the newest)' },
    ...fileFlag,
  },
  examples: ['csoc state download acme/alpha --file alpha.tfstate'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    let versionId = context.string('version');
    if (!versionId) {
      const { data } = await call(
        context.client().GET('/api/v1/orgs/{org}/commons/{commons}/state/versions', {
          params: { path: { org, commons }, query: { limit: 1 } },
        }),
      );
      versionId = data.items[0]?.id;
      if (!versionId) throw new CliError(`commons ${org}/${commons} has no state yet`);
    }
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}/state/versions/{versionId}/download', {
        params: { path: { org, commons, versionId } },
        parseAs: 'text',
      }),
    );
    writeOut(context, data);
  },
};

const stateUnlock: Command = {
  name: 'state unlock',
  summary: "Force-unlock a commons' state (admins; audited)",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  examples: ['csoc state unlock acme/alpha'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const { data: lock } = await call(
      context
        .client()
        .GET('/api/v1/orgs/{org}/commons/{commons}/state/lock', { params: { path: { org, commons } } }),
    );
    await call(
      context
        .client()
        .DELETE('/api/v1/orgs/{org}/commons/{commons}/state/lock', { params: { path: { org, commons } } }),
    );
    context.note(
      lock.locked
        ? `Released the state lock of ${org}/${commons} (held by run ${lock.runId ?? 'none'}).`
        : `The state of ${org}/${commons} was not locked.`,
    );
  },
};

const auditFilters: Record<string, FlagSpec> = {
  all: { type: 'boolean', description: 'every org (platform admins) instead of one org' },
  actor: { type: 'string', placeholder: 'WHO', description: 'actor email (substring) or user id' },
  action: { type: 'string', placeholder: 'ACTION', description: 'exact action, e.g. run.approve' },
  target: {
    type: 'string',
    placeholder: 'PREFIX',
    description: 'target prefix, e.g. orgs/acme/commons/alpha',
  },
  outcome: {
    type: 'string',
    placeholder: 'OUTCOME',
    choices: ['success', 'failure', 'denied'],
    description: 'success, failure or denied',
  },
  since: { type: 'string', placeholder: 'TIME', description: 'ISO time, inclusive' },
  until: { type: 'string', placeholder: 'TIME', description: 'ISO time, exclusive' },
};

function auditQuery(context: CommandContext) {
  const query: Record<string, string> = {};
  for (const name of ['actor', 'action', 'target', 'outcome', 'since', 'until']) {
    const value = context.string(name);
    if (value === undefined) continue;
    if ((name === 'since' || name === 'until') && Number.isNaN(Date.parse(value)))
      throw new UsageError(`--${name} must be an ISO date-time, e.g. 2026-01-31T00:00:00Z`);
    query[name] = name === 'since' || name === 'until' ? new Date(value).toISOString() : value;
  }
  return query as {
    actor?: string;
    action?: string;
    target?: string;
    outcome?: 'success' | 'failure' | 'denied';
    since?: string;
    until?: string;
  };
}

const auditList: Command = {
  name: 'audit list',
  summary: "List audit events, newest first (an org's, or --all for platform admins)",
  flags: { ...limitFlag, ...auditFilters },
  examples: [
    'csoc audit list --org acme --action run.approve',
    'csoc audit list --all --since 2026-01-01T00:00:00Z -o json',
  ],
  async run(context) {
    const query = { ...auditQuery(context), limit: limitOf(context) };
    const { data } = context.boolean('all')
      ? await call(context.client().GET('/api/v1/audit', { params: { query } }))
      : await call(
          context
            .client()
            .GET('/api/v1/orgs/{org}/audit', { params: { path: { org: context.org() }, query } }),
        );
    context.print(data.items, [
      { header: 'time', value: (event) => event.time },
      { header: 'actor', value: (event) => event.actor.label },
      { header: 'action', value: (event) => event.action },
      { header: 'target', value: (event) => event.target },
      { header: 'outcome', value: (event) => event.outcome },
      { header: 'request id', value: (event) => event.requestId },
    ]);
  },
};

const auditExport: Command = {
  name: 'audit export',
  summary: 'Export audit events as JSON Lines, oldest first',
  flags: { ...auditFilters, ...fileFlag },
  examples: [
    'csoc audit export --org acme --file acme-audit.jsonl',
    'csoc audit export --all --since 2026-01-01T00:00:00Z > audit.jsonl',
  ],
  async run(context) {
    const query = auditQuery(context);
    const { data } = context.boolean('all')
      ? await call(context.client().GET('/api/v1/audit/export', { params: { query }, parseAs: 'text' }))
      : await call(
          context.client().GET('/api/v1/orgs/{org}/audit/export', {
            params: { path: { org: context.org() }, query },
            parseAs: 'text',
          }),
        );
    writeOut(context, data);
  },
};

const auditVerify: Command = {
  name: 'audit verify',
  summary: "Verify the audit log's hash chain (platform admins); exit 1 when it is broken",
  examples: ['csoc audit verify', 'csoc audit verify -o json'],
  async run(context) {
    const { data } = await call(context.client().GET('/api/v1/audit/verify'));
    if (context.format !== 'table') context.print(data, []);
    else if (data.valid) context.write(`audit chain valid: ${data.checked} events checked\n`);
    if (!data.valid) {
      const broken = data.firstBroken;
      throw new CliError(
        `audit chain broken at event ${broken?.seq ?? '?'} (${broken?.id ?? '?'}): ${broken?.reason ?? 'unknown reason'}`,
      );
    }
  },
};

export const adminCommands: Command[] = [
  stateVersions,
  stateResources,
  stateDownload,
  stateUnlock,
  auditList,
  auditExport,
  auditVerify,
];
