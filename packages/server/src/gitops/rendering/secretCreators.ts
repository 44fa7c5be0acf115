// Who creates each Secret a commons' pods mount: the chart itself (a Secret template its values switch on),
// or a rendered ExternalSecret whose every remote key and property the secret manager holds (written by the
// IaC plugin, the CSOC bootstrap step or the operator, see docs/adr/0027-commons-secrets-and-databases.md).
// Used by the contract tests of both plugins; a missing creator names the Secret, the key and who should
// create it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { chartSecretMounts, type ChartSecretMount } from './chartSecretMounts.ts';

/** Who writes the value of a secret-manager entry. */
export type SecretCreator = 'terraform' | 'bootstrap' | 'operator' | 'plugin';

/** One entry of the commons' secret manager: its properties (keys of its JSON object) and who writes them. */
export interface SecretManagerEntry {
  properties: string[];
  creator: SecretCreator;
}

/** The secret manager as the plugin (and bootstrap, and operator) leave it: remote key -> entry. */
export type SecretManagerContents = Record<string, SecretManagerEntry>;

/** A template-level condition the CSOC's values switch off, so the mounts it guards never reach a pod. */
export interface SwitchedOffMount {
  chart: string;
  /** `templates/<file>` (every mount in it) or `templates/<file>:<secret>`. */
  where: string;
  reason: string;
}

export interface SecretCreatorCheckOptions {
  /** gen3-helm charts directory (../shared/gen3-helm). */
  chartsDir: string;
  /** Enabled charts. */
  enabled: string[];
  /** The rendered values.yaml of the gen3 umbrella chart (parsed). */
  values: Record<string, unknown>;
  /** The rendered secrets.yaml documents (parsed). */
  secretDocuments: Array<Record<string, unknown>>;
  secretManager: SecretManagerContents;
  switchedOff: SwitchedOffMount[];
  /** Who should create a remote key nobody creates (for the message), e.g. from commons-secrets.json. */
  expectedCreator: (remoteKey: string) => string;
}

/** A mounted Secret key without a creator, said so a user understands what to fix. */
export interface MissingSecretCreator {
  chart: string;
  secret: string;
  key?: string;
  source: string;
  problem: string;
}

interface RenderedExternalSecret {
  target: string;
  /** Kubernetes Secret key -> the remote (key, property) pairs it is built from. */
  keys: Map<string, Array<{ remoteKey: string; property?: string }>>;
  /** dataFrom extract: every property of these remote keys becomes a Secret key. */
  extracts: string[];
}

/** Every mounted (Secret, key) of the enabled charts that nothing creates. */
export function findMissingSecretCreators(options: SecretCreatorCheckOptions): MissingSecretCreator[] {
  const externalSecrets = new Map(
    options.secretDocuments
      .filter((doc) => doc.kind === 'ExternalSecret')
      .map((doc) => {
        const parsed = parseExternalSecret(doc);
        return [parsed.target, parsed] as const;
      }),
  );
  const missing: MissingSecretCreator[] = [];
  const seen = new Set<string>();
  for (const chart of options.enabled) {
    if (!existsChart(options.chartsDir, chart)) continue;
    const skipFiles = options.switchedOff
      .filter((off) => off.chart === chart && !off.where.includes(':'))
      .map((off) => off.where.replace(/^templates\//, ''));
    const chartCreated = chartCreatedSecrets(options.chartsDir, chart, chartValues(options, chart));
    for (const mount of chartSecretMounts(options.chartsDir, chart, skipFiles)) {
      const file = mount.source.replace(/:\d+$/, '');
      if (options.switchedOff.some((off) => off.chart === chart && off.where === `${file}:${mount.secret}`))
        continue;
      const id = `${mount.chart}|${mount.secret}|${mount.key ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const problem = creatorProblem(mount, options, externalSecrets, chartCreated);
      if (problem)
        missing.push({ chart, secret: mount.secret, key: mount.key, source: mount.source, problem });
    }
  }
  return missing;
}

function creatorProblem(
  mount: ChartSecretMount,
  options: SecretCreatorCheckOptions,
  externalSecrets: Map<string, RenderedExternalSecret>,
  chartCreated: Set<string>,
): string | undefined {
  const externalSecret = externalSecrets.get(mount.secret);
  if (!externalSecret) {
    // Charts create Secrets of other charts too (wts's job fills wts-oidc-client; fence-dbcreds is fence's).
    if (chartCreated.has(mount.secret) || anyEnabledChartCreates(options, mount.secret)) return undefined;
    return `no ExternalSecret and no chart template creates Secret ${mount.secret}`;
  }
  const keys = mount.key
    ? [mount.key]
    : [
        ...externalSecret.keys.keys(),
        ...externalSecret.extracts.flatMap((key) => options.secretManager[key]?.properties ?? []),
      ];
  if (mount.key && !externalSecret.keys.has(mount.key)) {
    const fromExtract = externalSecret.extracts.find((remoteKey) =>
      options.secretManager[remoteKey]?.properties.includes(mount.key!),
    );
    if (fromExtract) return undefined;
    const extracted = externalSecret.extracts[0];
    if (extracted && !options.secretManager[extracted]) return remoteMissing(options, extracted);
    return `the ExternalSecret ${mount.secret} yields no key ${mount.key}`;
  }
  for (const key of keys) {
    for (const ref of externalSecret.keys.get(key) ?? []) {
      const entry = options.secretManager[ref.remoteKey];
      if (!entry) return remoteMissing(options, ref.remoteKey);
      if (ref.property && !entry.properties.includes(ref.property)) {
        return `secret-manager entry ${ref.remoteKey} (written by ${entry.creator}) has no property ${ref.property}`;
      }
    }
  }
  for (const remoteKey of externalSecret.extracts) {
    if (!options.secretManager[remoteKey]) return remoteMissing(options, remoteKey);
  }
  return undefined;
}

function remoteMissing(options: SecretCreatorCheckOptions, remoteKey: string): string {
  return `nothing creates secret-manager entry ${remoteKey}: it should be created by ${options.expectedCreator(remoteKey)}`;
}

function parseExternalSecret(doc: Record<string, unknown>): RenderedExternalSecret {
  const spec = doc.spec as {
    target: { name: string; template?: { data?: Record<string, string> } };
    data?: Array<{ secretKey: string; remoteRef: { key: string; property?: string } }>;
    dataFrom?: Array<{ extract?: { key: string } }>;
  };
  const keys = new Map<string, Array<{ remoteKey: string; property?: string }>>();
  const refs = (spec.data ?? []).map((item) => ({
    secretKey: item.secretKey,
    remoteKey: item.remoteRef.key,
    property: item.remoteRef.property,
  }));
  if (spec.target.template?.data) {
    // A templated Secret: each template key is built from every data item.
    for (const key of Object.keys(spec.target.template.data)) keys.set(key, refs);
  } else {
    for (const ref of refs) keys.set(ref.secretKey, [...(keys.get(ref.secretKey) ?? []), ref]);
  }
  return {
    target: spec.target.name,
    keys,
    extracts: (spec.dataFrom ?? []).flatMap((item) => (item.extract ? [item.extract.key] : [])),
  };
}

function chartValues(options: SecretCreatorCheckOptions, chart: string): Record<string, unknown> {
  const defaults = (parseYaml(readFileSync(join(options.chartsDir, chart, 'values.yaml'), 'utf8')) ??
    {}) as Record<string, unknown>;
  const rendered = (options.values[chart] ?? {}) as Record<string, unknown>;
  return deepMerge(defaults, rendered);
}

function anyEnabledChartCreates(options: SecretCreatorCheckOptions, secret: string): boolean {
  return options.enabled.some(
    (chart) =>
      existsChart(options.chartsDir, chart) &&
      chartCreatedSecrets(options.chartsDir, chart, chartValues(options, chart)).has(secret),
  );
}

/**
 * Secrets a chart's templates create with these values. The one guard evaluated is gen3-helm's
 * "create the Secret locally instead of through External Secrets" switch,
 * `or (not .Values.global.externalSecrets.deploy) (and ... .Values.externalSecrets.<flag>)`: the CSOC always
 * deploys External Secrets, so the Secret exists only when the chart's `externalSecrets.<flag>` is true.
 */
export function chartCreatedSecrets(
  chartsDir: string,
  chart: string,
  values: Record<string, unknown>,
): Set<string> {
  const created = new Set<string>();
  const templatesDir = join(chartsDir, chart, 'templates');
  for (const file of listFiles(templatesDir)) {
    if (!/\.ya?ml$/.test(relative(templatesDir, file))) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() !== 'kind: Secret') return;
      const name = lines
        .slice(index + 1, index + 6)
        .map((l) => /^\s+name:\s*["']?([^"'\s]+)/.exec(l)?.[1])
        .find(Boolean);
      if (!name || name.includes('{{')) return;
      const guard = enclosingGuard(lines, index);
      const flag =
        guard && /externalSecrets\.deploy/.test(guard)
          ? /\.Values\.externalSecrets\.(\w+)/.exec(guard)?.[1]
          : undefined;
      if (guard && /externalSecrets\.deploy/.test(guard) && !(flag && externalSecretsFlag(values, flag)))
        return;
      created.add(name);
    });
  }
  return created;
}

/** The condition of the innermost `{{ if }}` still open at `index`. */
function enclosingGuard(lines: string[], index: number): string | undefined {
  const open: string[] = [];
  for (const line of lines.slice(0, index)) {
    for (const match of line.matchAll(/\{\{-?\s*(if|with|range|end)\b([^}]*)\}\}/g)) {
      if (match[1] === 'end') open.pop();
      else open.push(match[1] === 'if' ? match[2]!.trim() : '');
    }
  }
  return open.length ? open[open.length - 1] : undefined;
}

function externalSecretsFlag(values: Record<string, unknown>, flag: string): boolean {
  return ((values.externalSecrets ?? {}) as Record<string, unknown>)[flag] === true;
}

function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function existsChart(chartsDir: string, chart: string): boolean {
  try {
    return statSync(join(chartsDir, chart, 'templates')).isDirectory();
  } catch {
    return false;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
