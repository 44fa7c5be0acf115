// Checks renderer input and reports every problem at once as InputError field details
// (`{ field: 'gen3.hostname', message: 'is not a DNS name' }`). Messages never repeat the offending value,
// so a secret pasted into the wrong field cannot leak through an error.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import semver from 'semver';
import { InputError, type FieldErrorDetail } from '../../errors.ts';
import {
  CommonsGitOpsInput,
  LOGIN_PROVIDER_KINDS,
  PLUGIN_OUTPUT_SCHEMAS,
  type AwsOutputs,
  type Cloud,
  type LoginProvider,
} from './commonsGitOpsInput.ts';
import { commonsNamespace } from './commonsNamespace.ts';
import {
  CLUSTER_SERVICE_ACCOUNT_ROLES,
  COMMONS_SERVICE_ACCOUNT_ROLES,
  rolePathAndName,
} from './awsServiceAccountRoles.ts';
import { releaseCatalog } from '../releases/releaseCatalog.ts';
import { inClusterSearchEndpointProblem } from './renderInClusterSearch.ts';
import { csocAgentProblems } from './renderCsocAgent.ts';
import { telemetryAgentProblems } from './renderTelemetryAgent.ts';
import type { ReleaseCatalog } from '../releases/releaseCatalogTypes.ts';

/** Keys of a service's values the renderer owns; overrides may not set them. */
export const RENDERER_OWNED_KEYS = [
  'enabled',
  'image',
  'global',
  'externalSecrets',
  'secrets',
  'postgres',
  'serviceAccount',
  'FENCE_CONFIG',
  'USER_YAML',
  // Job images pinned from the release (ssjdispatcher's indexing job, sower's jobs).
  'indexing',
  'sowerConfig',
] as const;

/** Override keys that look like they hold a secret value. */
export const SECRET_LOOKING_KEY =
  /secret|passw|token|private.?key|access.?key|credential|api.?key|encryption.?key|jwt/i;

/** fence OPENID_CONNECT ids that a generic-oidc provider may not take. */
const RESERVED_IDP_IDS = new Set([
  'google',
  'ras',
  'microsoft',
  'okta',
  'orcid',
  'cilogon',
  'fence',
  'shibboleth',
  'cognito',
  'synapse',
]);

const ajv = new Ajv({
  allErrors: true,
  strict: false,
  verbose: true,
  coerceTypes: false,
  useDefaults: false,
});
const validateShape = ajv.compile(CommonsGitOpsInput as object);
const validateOutputs = Object.fromEntries(
  Object.entries(PLUGIN_OUTPUT_SCHEMAS).map(([cloud, schema]) => [cloud, ajv.compile(schema as object)]),
) as Record<Cloud, ValidateFunction>;

/**
 * Validates renderer input. Returns it typed, or throws one InputError listing every failing field.
 *
 * @example
 *   const input = validateCommonsGitOpsInput(JSON.parse(body));
 */
export function validateCommonsGitOpsInput(
  raw: unknown,
  catalog: ReleaseCatalog = releaseCatalog,
): CommonsGitOpsInput {
  const errors: FieldErrorDetail[] = [];
  if (!validateShape(raw)) {
    const shapeErrors = validateShape.errors ?? [];
    errors.push(...toFieldErrors(shapeErrors, ''));
    // A missing field or a wrong type makes the checks below unreliable: report what we have. Bad values of
    // the right type (patterns, enums, lengths) still get the rest of the checks, so every problem shows.
    if (shapeErrors.some((error) => error.keyword === 'type' || error.keyword === 'required')) {
      throw invalid(errors);
    }
  }
  const input = raw as CommonsGitOpsInput;

  const outputsValidator = Object.hasOwn(validateOutputs, input.cloud)
    ? validateOutputs[input.cloud]
    : undefined;
  const outputsValid = outputsValidator?.(input.outputs) ?? false;
  if (outputsValidator && !outputsValid) {
    errors.push(...toFieldErrors(outputsValidator.errors ?? [], 'outputs'));
  }

  if (!isDnsName(input.gen3.hostname)) errors.push({ field: 'gen3.hostname', message: 'is not a DNS name' });

  const release = catalog.releases.find((candidate) => candidate.version === input.release);
  if (!release) {
    errors.push({
      field: 'release',
      message: `is not a known Gen3 release (known: ${catalog.releases.map((r) => r.version).join(', ')})`,
    });
  }

  const enabled = new Set<string>();
  input.gen3.services.forEach((service, index) => {
    const field = `gen3.services[${index}]`;
    const chart = Object.hasOwn(catalog.charts, service) ? catalog.charts[service] : undefined;
    if (!chart || !chart.toggle) {
      errors.push({
        field,
        message:
          'is not a gen3 chart dependency with its own <chart>.enabled toggle ' +
          `(known: ${toggleableCharts(catalog).join(', ')})`,
      });
      return;
    }
    if (enabled.has(service)) {
      errors.push({ field, message: 'is listed twice' });
      return;
    }
    enabled.add(service);
    const pinsImage = Object.keys(chart.images).length === 0 || release?.images[service] !== undefined;
    if (release && !pinsImage) {
      errors.push({
        field,
        message:
          `has no image pinned by Gen3 release ${release.version}; the CSOC only deploys images a release ` +
          'publishes (or the catalog can derive)',
      });
    }
  });

  checkOverrides(input, enabled, catalog, errors);
  checkLoginProviders(input.gen3.loginProviders, enabled, errors);
  if (outputsValid) checkElasticsearch(input, enabled, errors);
  if (outputsValid && (input.cloud === 'aws' || input.cloud === 'sim')) {
    checkAwsIdentities(input.outputs as AwsOutputs, commonsNamespace(input.commons), enabled, errors);
    checkLoginSecretPrefix(
      input.gen3.loginProviders,
      `${(input.outputs as AwsOutputs).cluster_name}-${commonsNamespace(input.commons)}-`,
      errors,
    );
  }

  if (!isUrl(input.gen3.dictionaryUrl, ['http:', 'https:'])) {
    errors.push({ field: 'gen3.dictionaryUrl', message: 'must be an http(s) URL' });
  }
  if (!parseUserYamlSource(input.gen3.userYamlSource)) {
    errors.push({
      field: 'gen3.userYamlSource',
      message:
        'must be s3://bucket/key or an https URL of an S3-compatible object (https://endpoint/bucket/key)',
    });
  }
  if (input.gen3.portal.logoUrl !== undefined && !isUrl(input.gen3.portal.logoUrl, ['https:'])) {
    errors.push({ field: 'gen3.portal.logoUrl', message: 'must be an https URL' });
  }
  const repoProblem = checkGitUrl(input.gitopsRepoUrl, input.cloud === 'sim');
  if (repoProblem) errors.push({ field: 'gitopsRepoUrl', message: repoProblem });
  // The chart a release deploys is the one its catalog entry pins (published, and the chart data the key
  // check reads): any other version could be unpublished or render keys nobody checked (ADR 0023).
  const chartFields = [
    ['gen3ChartVersion', 'gen3'],
    ['clusterResourcesChartVersion', 'cluster-level-resources'],
  ] as const;
  for (const [field, chart] of chartFields) {
    const pinned = release?.chartVersions[chart];
    if (!semver.valid(input[field])) {
      errors.push({
        field,
        message: `must be a chart version (semver)${pinned ? `: release ${release!.version} deploys ${chart} ${pinned}` : ''}`,
      });
    } else if (pinned && input[field] !== pinned) {
      errors.push({
        field,
        message: `must be ${pinned}, the ${chart} chart version Gen3 release ${release!.version} deploys (the release catalog pins it)`,
      });
    }
  }

  errors.push(...telemetryAgentProblems(input, release));
  errors.push(...csocAgentProblems(input));

  if (errors.length > 0) throw invalid(errors);
  return input;
}

function invalid(errors: FieldErrorDetail[]): InputError {
  const unique = new Map(errors.map((error) => [`${error.field}\u0000${error.message}`, error]));
  return new InputError(
    'The commons settings cannot be rendered into GitOps files; fix the fields listed in details.',
    [...unique.values()],
    'invalid_gitops_input',
  );
}

function checkOverrides(
  input: CommonsGitOpsInput,
  enabled: Set<string>,
  catalog: ReleaseCatalog,
  errors: FieldErrorDetail[],
): void {
  for (const [chart, values] of Object.entries(input.gen3.serviceOverrides ?? {})) {
    const base = `gen3.serviceOverrides.${chart}`;
    if (!enabled.has(chart)) {
      errors.push({ field: base, message: 'is not an enabled service; add it to gen3.services first' });
      continue;
    }
    const valuesKeys = new Set(catalog.charts[chart]!.valuesKeys);
    for (const [key, value] of Object.entries(values)) {
      const field = `${base}.${key}`;
      if ((RENDERER_OWNED_KEYS as readonly string[]).includes(key)) {
        errors.push({
          field,
          message:
            'is set by the renderer (release pins, services list, secret wiring); it cannot be overridden',
        });
      } else if (SECRET_LOOKING_KEY.test(key)) {
        errors.push({
          field,
          message: 'looks like a secret; keep secrets in the secret manager, not in values',
        });
      } else if (!valuesKeys.has(key)) {
        errors.push({ field, message: `is not a key of the ${chart} chart's values.yaml` });
      } else {
        findSecretLookingKeys(value, field, errors);
      }
    }
  }
}

/** Charts that query Elasticsearch directly. */
const ELASTICSEARCH_CHARTS = ['etl', 'guppy', 'metadata'];

function checkElasticsearch(
  input: CommonsGitOpsInput,
  enabled: Set<string>,
  errors: FieldErrorDetail[],
): void {
  const endpoint = input.outputs.es_endpoint;
  if (input.cloud === 'aws' || input.cloud === 'sim') {
    if (!isDnsName(endpoint)) {
      errors.push({
        field: 'outputs.es_endpoint',
        message: 'must be the OpenSearch domain host name (no scheme)',
      });
    }
    const users = ELASTICSEARCH_CHARTS.filter((chart) => enabled.has(chart));
    if (users.length > 0 && !enabled.has('aws-es-proxy')) {
      errors.push({
        field: 'gen3.services',
        message: `must include aws-es-proxy on ${input.cloud}: ${users.join(', ')} reach OpenSearch through it`,
      });
    }
  } else if (!isUrl(endpoint, ['http:', 'https:'])) {
    errors.push({
      field: 'outputs.es_endpoint',
      message: 'must be an http(s) URL, e.g. https://gen3-es-http:9200',
    });
  } else {
    // The in-cluster Elasticsearch the renderer runs for this name serves only plain HTTP on 9200.
    const problem = inClusterSearchEndpointProblem(endpoint, commonsNamespace(input.commons));
    if (problem) errors.push({ field: 'outputs.es_endpoint', message: problem });
  }
}

/**
 * Every role of the plugin must be assumable by a service account gen3-helm creates, in the namespace the
 * commons deploys to (the same value CSOC gave the plugin), and every enabled chart that needs a role must
 * get one. Otherwise pods start without AWS access and fail only at their first AWS call.
 */
function checkAwsIdentities(
  outputs: AwsOutputs,
  namespace: string,
  enabled: Set<string>,
  errors: FieldErrorDetail[],
): void {
  if (outputs.namespace !== undefined && outputs.namespace !== namespace) {
    errors.push({
      field: 'outputs.namespace',
      message:
        `names namespace "${outputs.namespace}" but the commons deploys to "${namespace}": the roles and secret ` +
        'names were made for another namespace; plan and apply the infrastructure again (CSOC sets the ' +
        "plugin's namespace to the commons name)",
    });
  }
  const wired = new Set<string>();
  const roleArns: Record<string, string> = outputs.role_arns;
  for (const key of Object.keys(roleArns).sort()) {
    const field = `outputs.service_accounts.${key}`;
    const account = outputs.service_accounts[key];
    if (!account) {
      errors.push({ field, message: `is missing: role ${key} must name the service account it trusts` });
      continue;
    }
    const wiring =
      CLUSTER_SERVICE_ACCOUNT_ROLES[`${account.namespace}/${account.name}`] ??
      (Object.hasOwn(COMMONS_SERVICE_ACCOUNT_ROLES, account.name)
        ? COMMONS_SERVICE_ACCOUNT_ROLES[account.name]
        : undefined);
    if (!wiring) {
      errors.push({
        field,
        message:
          `trusts ${account.namespace}/${account.name}, a service account no gen3-helm chart creates ` +
          `(known: ${Object.keys(COMMONS_SERVICE_ACCOUNT_ROLES).join(', ')}): no pod could assume role ${key}`,
      });
      continue;
    }
    wired.add(account.name);
    if (wiring.kind === 'clusterAddOn') {
      const expected = wiring.expectedRole(outputs.cluster_name);
      if (rolePathAndName(roleArns[key]!) !== expected) {
        errors.push({
          field: `outputs.role_arns.${key}`,
          message: `must be the role cluster-level-resources annotates ${wiring.addOn} with (arn:aws:iam::${outputs.account_id}:role/${expected})`,
        });
      }
    } else if (
      !CLUSTER_SERVICE_ACCOUNT_ROLES[`${account.namespace}/${account.name}`] &&
      account.namespace !== namespace
    ) {
      errors.push({
        field: `${field}.namespace`,
        message: `is "${account.namespace}" but the commons deploys to "${namespace}": the role could never be assumed`,
      });
    }
  }
  for (const [name, wiring] of Object.entries(COMMONS_SERVICE_ACCOUNT_ROLES)) {
    if (!('chart' in wiring) || !enabled.has(wiring.chart) || wired.has(name)) continue;
    errors.push({
      field: 'outputs.role_arns',
      message: `has no role for service account ${name} of the enabled ${wiring.chart} service; the plugin must create one`,
    });
  }
}

/** A URL with a password in it (`postgresql://user:password@host/db`). */
const URL_WITH_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

function findSecretLookingKeys(value: unknown, path: string, errors: FieldErrorDetail[]): void {
  if (typeof value === 'string' && URL_WITH_CREDENTIALS.test(value)) {
    errors.push({ field: path, message: 'embeds credentials in a URL; keep secrets in the secret manager' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findSecretLookingKeys(item, `${path}[${index}]`, errors));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const field = `${path}.${key}`;
      if (SECRET_LOOKING_KEY.test(key)) {
        errors.push({
          field,
          message: 'looks like a secret; keep secrets in the secret manager, not in values',
        });
      } else {
        findSecretLookingKeys(child, field, errors);
      }
    }
  }
}

/**
 * On AWS (and the simulator) the commons' External Secrets role may read only `<environment>-<namespace>-*`
 * (ADR 0027): a login client secret stored under another name would never sync, and fence would not start.
 */
function checkLoginSecretPrefix(
  providers: LoginProvider[],
  prefix: string,
  errors: FieldErrorDetail[],
): void {
  providers.forEach((provider, index) => {
    if (provider.clientSecretRef.startsWith(prefix)) return;
    errors.push({
      field: `gen3.loginProviders[${index}].clientSecretRef`,
      message:
        `must start with "${prefix}" (the commons may read only secrets named <environment>-<namespace>-…): ` +
        `store the client secret as "${prefix}${provider.clientSecretRef}" and name that`,
    });
  });
}

function checkLoginProviders(
  providers: LoginProvider[],
  enabled: Set<string>,
  errors: FieldErrorDetail[],
): void {
  if (providers.length > 0 && !enabled.has('fence')) {
    errors.push({
      field: 'gen3.loginProviders',
      message: 'need the fence service (login goes through fence)',
    });
  }
  const seen = new Set<string>();
  providers.forEach((provider, index) => {
    const base = `gen3.loginProviders[${index}]`;
    if (provider.discoveryUrl !== undefined && !isUrl(provider.discoveryUrl, ['https:'])) {
      errors.push({ field: `${base}.discoveryUrl`, message: 'must be an https URL' });
    }
    const knownKind = (LOGIN_PROVIDER_KINDS as readonly string[]).includes(provider.kind);
    if (knownKind && provider.discoveryUrl === undefined && !DEFAULT_DISCOVERY_URLS[provider.kind]) {
      errors.push({ field: `${base}.discoveryUrl`, message: `is required for ${provider.kind} providers` });
    }
    const id = loginProviderId(provider);
    if (!id) {
      errors.push({
        field: `${base}.name`,
        message: 'must contain letters or digits (it names the fence IdP)',
      });
    } else if (provider.kind === 'generic-oidc' && RESERVED_IDP_IDS.has(id)) {
      errors.push({ field: `${base}.name`, message: 'names a built-in fence IdP; choose another name' });
    } else if (seen.has(id)) {
      errors.push({ field: base, message: 'configures the same fence IdP as an earlier provider' });
    }
    if (id) seen.add(id);
  });
}

/** Well-known OIDC discovery documents (the ones fence's default configuration uses). */
export const DEFAULT_DISCOVERY_URLS: Partial<Record<LoginProvider['kind'], string>> = {
  google: 'https://accounts.google.com/.well-known/openid-configuration',
  ras: 'https://sts.nih.gov/.well-known/openid-configuration',
  microsoft: 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
  orcid: 'https://orcid.org/.well-known/openid-configuration',
  cilogon: 'https://cilogon.org/.well-known/openid-configuration',
};

/** The key of the provider under fence's OPENID_CONNECT: the kind, or the slugged name for generic-oidc. */
export function loginProviderId(provider: LoginProvider): string {
  if (provider.kind !== 'generic-oidc') return provider.kind;
  return provider.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
}

/** Where fence usersync reads user.yaml: an S3 path, plus the endpoint for S3-compatible stores. */
export function parseUserYamlSource(source: string): { s3Path: string; endpoint?: string } | undefined {
  if (/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/.test(source)) return { s3Path: source };
  if (!isUrl(source, ['https:'])) return undefined;
  const url = new URL(source);
  const [bucket, ...key] = url.pathname.replace(/^\/+/, '').split('/');
  if (!bucket || key.length === 0 || key.join('/') === '' || url.search || url.username) return undefined;
  return { s3Path: `s3://${bucket}/${key.join('/')}`, endpoint: url.origin };
}

/** Plain http is allowed for the simulator only (the CSOC's own repository served on a local address). */
function checkGitUrl(value: string, allowHttp: boolean): string | undefined {
  if (/^git@[A-Za-z0-9.-]+:[A-Za-z0-9._/-]+$/.test(value)) return undefined;
  if (!isUrl(value, allowHttp ? ['https:', 'ssh:', 'http:'] : ['https:', 'ssh:'])) {
    return 'must be an https:// or ssh:// Git URL (http:// only for the simulator)';
  }
  const url = new URL(value);
  if (url.protocol !== 'ssh:' && (url.username || url.password)) {
    return 'must not embed credentials; give Argo CD a repository credential instead';
  }
  return undefined;
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** RFC 1123 host name with at least two labels, lowercase, as Kubernetes Ingress hosts require. */
export function isDnsName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

function toggleableCharts(catalog: ReleaseCatalog): string[] {
  return Object.entries(catalog.charts)
    .filter(([, chart]) => chart.toggle)
    .map(([name]) => name);
}

function toFieldErrors(errors: ErrorObject[], prefix: string): FieldErrorDetail[] {
  return errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
      const params = error.params as Record<string, unknown>;
      let message: string;
      switch (error.keyword) {
        case 'required':
          segments.push(String(params.missingProperty));
          message = 'is required';
          break;
        case 'additionalProperties': {
          const property = String(params.additionalProperty);
          segments.push(property);
          message = SECRET_LOOKING_KEY.test(property)
            ? 'is not allowed: secrets are never part of the input; name the secret in the secret manager instead (e.g. clientSecretRef)'
            : 'is not allowed (unknown field)';
          break;
        }
        case 'enum':
          message = `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
          break;
        case 'type':
          message = `must be ${article(String(params.type))}`;
          break;
        default: {
          const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-error'];
          message = typeof custom === 'string' ? custom : (error.message ?? 'is invalid');
        }
      }
      return { field: formatPath(prefix, segments), message };
    });
}

function formatPath(prefix: string, segments: string[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path || '(input)';
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
