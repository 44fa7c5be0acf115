// What a command gets to work with: its parsed flags, the terminal, the contexts file, and a typed API
// client for the resolved server, user and org. Also the shared helpers for ORG/COMMONS and ORG/RUN refs.
import fs from 'node:fs';
import { UsageError } from './CliError.ts';
import { readConfig, writeConfig, firstLine, type CliConfig, type CliContext } from './contextStore.ts';
import { createCsocClient, normalizeServer, type Connection, type CsocClient } from './createCsocClient.ts';
import { formatOutput, type Column, type OutputFormat } from './formatOutput.ts';
import type { FlagSpec, FlagValue } from './parseArgs.ts';
import { loadYaml } from './yamlLibrary.ts';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** The words that select it, e.g. `commons apply`. */
  name: string;
  summary: string;
  /** What follows the name in the usage line, e.g. `-f FILE`. */
  usage?: string;
  examples: string[];
  flags?: Record<string, FlagSpec>;
  /** Positional argument count allowed. */
  args?: { min: number; max: number };
  /** Longer explanation shown by --help. */
  details?: string;
  run(context: CommandContext): Promise<number | void>;
}

/** The connection a command resolved: server, credentials and org, and the context they came from. */
export interface ResolvedConnection extends Connection {
  org?: string;
  contextName?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class CommandContext {
  private cachedConfig: CliConfig | undefined;
  private configError: unknown;
  private prepared = false;
  private cachedClient: CsocClient | undefined;

  constructor(
    readonly command: Command,
    readonly flags: Record<string, FlagValue | undefined>,
    readonly positionals: string[],
    readonly io: Io,
  ) {
    const { min, max } = command.args ?? { min: 0, max: 0 };
    if (positionals.length < min || positionals.length > max) {
      const expected = command.usage ? ` ${command.usage}` : '';
      throw new UsageError(
        `${positionals.length < min ? 'missing argument' : `unexpected argument "${positionals[max]}"`}: usage is csoc ${command.name}${expected}`,
      );
    }
  }

  string(name: string): string | undefined {
    const value = this.flags[name];
    return typeof value === 'string' ? value : undefined;
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw new UsageError(`csoc ${this.command.name} needs --${name}; see --help`);
    return value;
  }

  boolean(name: string): boolean {
    return this.flags[name] === true;
  }

  list(name: string): string[] {
    const value = this.flags[name];
    return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  }

  get format(): OutputFormat {
    return (this.string('output') as OutputFormat | undefined) ?? 'table';
  }

  write(text: string): void {
    this.io.stdout.write(text);
  }

  /** Progress and notes for people go to stderr, so stdout stays parseable. */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  print<T>(value: T | T[], columns: Column<T>[]): void {
    this.write(formatOutput(value, this.format, columns));
  }

  /**
   * Reads the config and loads what the sync parts need (the yaml library for `-o yaml`) before the
   * command runs. A broken config fails only the commands that read it, as before.
   */
  async prepare(): Promise<void> {
    try {
      this.cachedConfig = await readConfig(this.io.env);
    } catch (error) {
      this.configError = error;
    }
    if (this.format === 'yaml') await loadYaml();
    this.prepared = true;
  }

  get config(): CliConfig {
    if (!this.prepared)
      throw new Error('internal error: the config was read before CommandContext.prepare()');
    if (!this.cachedConfig) throw this.configError;
    return this.cachedConfig;
  }

  async saveConfig(config: CliConfig): Promise<void> {
    await writeConfig(this.io.env, config);
    this.cachedConfig = config;
  }

  /** The context named by --context / CSOC_CONTEXT, else the current one. */
  currentContext(): { name?: string; context?: CliContext } {
    const explicit = this.string('context') ?? this.io.env.CSOC_CONTEXT;
    const name = explicit ?? this.config.currentContext;
    const context = name ? this.config.contexts[name] : undefined;
    if (explicit && !context)
      throw new UsageError(`no context "${explicit}"; list them with csoc context list`);
    return { name, context };
  }

  /** Server, credentials and org: flags win over CSOC_* variables, which win over the context. */
  connection(): ResolvedConnection {
    const { name, context } = this.currentContext();
    const rawServer = this.string('server') ?? this.io.env.CSOC_SERVER ?? context?.server;
    if (!rawServer)
      throw new UsageError(
        'no CSOC server: run csoc login --server URL, or set CSOC_SERVER (and CSOC_TOKEN)',
      );
    const server = normalizeServer(rawServer);
    const fromContext = context && normalizeServer(context.server) === server ? context : undefined;
    const token = this.io.env.CSOC_TOKEN || fromContext?.token;
    return {
      server,
      token,
      session: token ? undefined : fromContext?.session,
      csrfToken: token ? undefined : fromContext?.csrfToken,
      org: this.string('org') ?? this.io.env.CSOC_ORG ?? fromContext?.org,
      contextName: fromContext ? name : undefined,
    };
  }

  /** The typed API client; fails with a usage error when not logged in. */
  client(): CsocClient {
    if (this.cachedClient) return this.cachedClient;
    const connection = this.connection();
    if (!connection.token && !connection.session)
      throw new UsageError(`not logged in to ${connection.server}: run csoc login, or set CSOC_TOKEN`);
    this.cachedClient = createCsocClient(connection);
    return this.cachedClient;
  }

  /** The org from --org, CSOC_ORG or the context. */
  org(): string {
    const org = this.connection().org;
    if (!org)
      throw new UsageError(
        'no organization: pass --org ORG (or ORG/NAME), set CSOC_ORG, or log in with --org',
      );
    return org;
  }

  /** Splits `ORG/NAME` (or `NAME` with the current org). */
  orgAndName(reference: string, what: string): { org: string; name: string } {
    const parts = reference.split('/');
    if (parts.length > 2 || parts.some((part) => !part))
      throw new UsageError(`"${reference}" is not ${what}; write ORG/NAME or NAME with --org`);
    return parts.length === 2 ? { org: parts[0]!, name: parts[1]! } : { org: this.org(), name: parts[0]! };
  }

  /** A run id, alone (org from --org or the context) or as ORG/RUNID. */
  runRef(reference: string): { org: string; runId: string } {
    const { org, name } = this.orgAndName(reference, 'a run (ORG/RUNID)');
    if (!UUID.test(name)) throw new UsageError(`"${name}" is not a run id (a UUID)`);
    return { org, runId: name };
  }

  async readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Reads a file (`-` is stdin); a missing file is a usage error. */
  async readInput(file: string): Promise<string> {
    if (file === '-') return this.readStdin();
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${file}: ${firstLine((error as NodeJS.ErrnoException).code ?? error)}`,
      );
    }
  }

  /** Parses a YAML (or JSON) document, naming the file and line when it is malformed. */
  async parseYaml(text: string, file: string): Promise<unknown> {
    const YAML = await loadYaml();
    try {
      return YAML.parse(text, { prettyErrors: true });
    } catch (error) {
      throw new UsageError(`${file === '-' ? 'stdin' : file} is not valid YAML: ${firstLine(error)}`);
    }
  }
}
