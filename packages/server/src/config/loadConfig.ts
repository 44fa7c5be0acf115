// Reads CSOC's configuration from defaults, an optional YAML file (CSOC_CONFIG) and the environment,
// in that order of precedence (environment wins), and validates every value against configSchema.ts.
// Every path (CSOC_CONFIG, *_FILE, path settings, sqlite: URLs) is resolved once, here, against the
// working directory at start; the rest of CSOC only ever sees absolute paths.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configFields, type ConfigField, type ConfigKey, type CsocConfig } from './configSchema.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `CSOC cannot start: the configuration has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

type RawValue = { value: unknown; source: string };

/**
 * Loads and validates the configuration; throws ConfigError naming every bad key, its problem and fix.
 * Relative paths in any setting are resolved against `process.cwd()` now, so that a later change of
 * directory (git, plugins and Terraform run elsewhere) cannot change what they mean.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CsocConfig {
  const problems: string[] = [];
  const fileValues = readConfigFile(env.CSOC_CONFIG, problems);
  const config: Record<string, unknown> = {};

  for (const [key, field] of Object.entries(configFields) as [ConfigKey, ConfigField][]) {
    const raw = pickRawValue(key, field, env, fileValues, problems);
    if (raw === undefined) {
      config[key] = field.default !== undefined ? parseValue(field, field.default).value : undefined;
      continue;
    }
    const parsed = parseValue(field, raw.value);
    const problem = parsed.problem ?? (parsed.value !== undefined ? field.check?.(parsed.value) : undefined);
    if (problem) {
      const shown = field.secret ? '(secret value hidden)' : JSON.stringify(raw.value);
      problems.push(`${raw.source} = ${shown}: ${problem}. Fix: ${field.fix}.`);
      continue;
    }
    config[key] = parsed.value;
  }
  if (config.adminEmail && !config.adminPassword) {
    problems.push(
      'CSOC_ADMIN_EMAIL is set without CSOC_ADMIN_PASSWORD. Fix: set both, or neither to have a one-time password generated.',
    );
  }
  if (config.ssoOnly === true && (!config.oidcIssuer || !config.oidcClientId)) {
    problems.push(
      'CSOC_SSO_ONLY is true but single sign-on is not configured, so nobody could sign in. Fix: set CSOC_OIDC_ISSUER and CSOC_OIDC_CLIENT_ID (and CSOC_OIDC_CLIENT_SECRET for a confidential client), or set CSOC_SSO_ONLY=false.',
    );
  } else if (Boolean(config.oidcIssuer) !== Boolean(config.oidcClientId)) {
    problems.push(
      `${config.oidcIssuer ? 'CSOC_OIDC_ISSUER is set without CSOC_OIDC_CLIENT_ID' : 'CSOC_OIDC_CLIENT_ID is set without CSOC_OIDC_ISSUER'}. Fix: set both to turn single sign-on on, or neither.`,
    );
  }
  if (typeof config.oidcScopes === 'string' && !config.oidcScopes.split(/\s+/).includes('openid')) {
    problems.push(
      `CSOC_OIDC_SCOPES = ${JSON.stringify(config.oidcScopes)}: does not include openid. Fix: use space-separated scopes including openid, e.g. "openid email profile".`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as CsocConfig;
}

/** `"given"`, or `"given" (/absolute/given)` when the given path is relative: what the reader can act on. */
function describePath(given: string): string {
  const absolute = path.resolve(given);
  return absolute === given ? JSON.stringify(given) : `${JSON.stringify(given)} (${absolute})`;
}

function readConfigFile(configPath: string | undefined, problems: string[]): Record<string, unknown> {
  if (!configPath) return {};
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(configPath), 'utf8');
  } catch (error) {
    problems.push(
      `CSOC_CONFIG = ${describePath(configPath)}: the file cannot be read (${(error as NodeJS.ErrnoException).code}). Fix: point CSOC_CONFIG at a readable YAML file.`,
    );
    return {};
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    problems.push(
      `CSOC_CONFIG = ${describePath(configPath)}: not valid YAML (${(error as Error).message.split('\n')[0]}). Fix: correct the YAML syntax.`,
    );
    return {};
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    problems.push(
      `CSOC_CONFIG = ${describePath(configPath)}: the file must hold a mapping of setting names to values.`,
    );
    return {};
  }
  const values = document as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!(key in configFields)) {
      problems.push(
        `${configPath}: unknown setting "${key}". Fix: use one of ${Object.keys(configFields).join(', ')}.`,
      );
    }
  }
  return values;
}

function pickRawValue(
  key: string,
  field: ConfigField,
  env: NodeJS.ProcessEnv,
  fileValues: Record<string, unknown>,
  problems: string[],
): RawValue | undefined {
  const fromEnv = env[field.env];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: field.env };
  const filePath = env[`${field.env}_FILE`];
  if (filePath) {
    try {
      return { value: fs.readFileSync(path.resolve(filePath), 'utf8').trim(), source: `${field.env}_FILE` };
    } catch (error) {
      problems.push(
        `${field.env}_FILE = ${describePath(filePath)}: the file cannot be read (${(error as NodeJS.ErrnoException).code}). Fix: point it at a readable file.`,
      );
      return undefined;
    }
  }
  if (key in fileValues && fileValues[key] !== null)
    return { value: fileValues[key], source: `${env.CSOC_CONFIG}: ${key}` };
  return undefined;
}

function parseValue(field: ConfigField, value: unknown): { value?: unknown; problem?: string } {
  const text = typeof value === 'string' ? value.trim() : value;
  switch (field.kind) {
    case 'string':
      return typeof text === 'string' ? { value: text } : { problem: 'must be a string' };
    case 'path':
      if (typeof text !== 'string') return { problem: 'must be a path string' };
      return text === '' ? { problem: 'is empty' } : { value: path.resolve(text) };
    case 'database-url':
      if (typeof text !== 'string') return { problem: 'must be a URL string' };
      if (text === '') return { value: undefined };
      if (!text.startsWith('sqlite:') || text === 'sqlite::memory:') return { value: text };
      if (text === 'sqlite:') return { problem: 'names no database file after sqlite:' };
      return { value: `sqlite:${path.resolve(text.slice('sqlite:'.length))}` };
    case 'integer':
    case 'duration-ms': {
      const number =
        typeof text === 'number'
          ? text
          : typeof text === 'string' && /^-?\d+$/.test(text)
            ? Number(text)
            : NaN;
      if (!Number.isInteger(number)) return { problem: 'is not a whole number' };
      if (
        (field.min !== undefined && number < field.min) ||
        (field.max !== undefined && number > field.max)
      ) {
        return { problem: `must be between ${field.min} and ${field.max}` };
      }
      return { value: number };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { value: text };
      if (typeof text === 'string' && /^(true|1|yes|on)$/i.test(text)) return { value: true };
      if (typeof text === 'string' && /^(false|0|no|off)$/i.test(text)) return { value: false };
      return { problem: 'is not true or false' };
    }
    case 'url': {
      if (typeof text !== 'string') return { problem: 'must be a URL string' };
      try {
        const url = new URL(text);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          return { problem: 'must be an http or https URL' };
        return { value: text.replace(/\/+$/, '') };
      } catch {
        return { problem: 'is not an absolute URL' };
      }
    }
    case 'list': {
      if (Array.isArray(text)) return { value: text.map(String) };
      if (typeof text !== 'string') return { problem: 'must be a comma-separated string or a list' };
      return {
        value: text
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      };
    }
    case 'enum':
      return typeof text === 'string' && field.values?.includes(text)
        ? { value: text }
        : { problem: `is not one of ${field.values?.join(', ')}` };
  }
}

/** The configuration with secret settings replaced, safe to log. */
export function redactConfig(config: CsocConfig): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(configFields) as [ConfigKey, ConfigField][]) {
    const value = config[key];
    shown[key] = field.secret && value !== undefined ? '[secret]' : value;
  }
  return shown;
}
