// The CLI's contexts (one per server, user and org) in $XDG_CONFIG_HOME/csoc/config.yaml, or
// ~/.config/csoc/config.yaml. The file holds session cookies and tokens, so it is always mode 0600.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './CliError.ts';
import { readPlainYamlMaps } from './readPlainYamlMaps.ts';
import { loadYaml } from './yamlLibrary.ts';

export interface CliContext {
  server: string;
  org?: string;
  user?: string;
  /** An API token (`Authorization: Bearer`). */
  token?: string;
  /** The csoc_session cookie of a password sign-in, and the CSRF token that guards its changes. */
  session?: string;
  csrfToken?: string;
  expiresAt?: string;
}

export interface CliConfig {
  currentContext?: string;
  contexts: Record<string, CliContext>;
}

/** Where the config lives for this environment. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'csoc', 'config.yaml');
}

export async function readConfig(env: NodeJS.ProcessEnv): Promise<CliConfig> {
  const file = configPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { contexts: {} };
  }
  // The file as the CLI writes it is read without the yaml library; anything else (a hand edit) with it.
  let parsed: unknown = readPlainYamlMaps(text);
  if (parsed === undefined)
    try {
      parsed = (await loadYaml()).parse(text);
    } catch (error) {
      throw new UsageError(
        `${file} is not valid YAML (${firstLine(error)}); fix it or delete it and log in again`,
      );
    }
  const config = (parsed ?? {}) as Partial<CliConfig>;
  return { currentContext: config.currentContext, contexts: config.contexts ?? {} };
}

/** Writes the config with mode 0600 (its folder 0700), replacing the file atomically. */
export async function writeConfig(env: NodeJS.ProcessEnv, config: CliConfig): Promise<void> {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, (await loadYaml()).stringify(config), { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}
