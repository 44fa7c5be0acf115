// Reads the request document the host wrote for this verb, and the secrets it points at. The request
// itself never holds a secret value: the state token arrives in an env variable or a file it names.
import { readFile } from 'node:fs/promises';
import { lazyCompile, prepareValidators } from './compileCached.ts';
import { formatProblems, formatSchemaErrors, type SchemaProblem } from './schemaProblems.ts';
import { PluginRequest, REQUEST_FILE_ENV, VERBS, type Verb } from './requestSchema.ts';

/** Thrown when the request is missing, unreadable, invalid, or disagrees with the verb in argv. */
export class PluginRequestError extends Error {
  readonly problems: SchemaProblem[];
  constructor(message: string, problems: SchemaProblem[] = []) {
    super(problems.length > 0 ? `${message}:\n${formatProblems(problems)}` : message);
    this.name = 'PluginRequestError';
    this.problems = problems;
  }
}

const requestValidator = lazyCompile(PluginRequest);

export interface ReadRequestOptions {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to `process.argv`; the verb is `argv[2]`. */
  argv?: readonly string[];
}

/** True when `value` is one of the contract's verbs. */
export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && (VERBS as readonly string[]).includes(value);
}

/** Validates an untrusted request document; throws `PluginRequestError` listing every problem. */
export function parseRequest(document: unknown): PluginRequest {
  const validateRequest = requestValidator();
  if (!validateRequest(document)) {
    throw new PluginRequestError('The plugin request is invalid', formatSchemaErrors(validateRequest.errors));
  }
  return document as PluginRequest;
}

/**
 * Reads `$CSOC_REQUEST_FILE`, validates it, and checks its verb matches `argv[2]`.
 *
 * @example
 * const request = await readRequest();
 * if (request.verb === 'plan') ...
 */
export async function readRequest(options: ReadRequestOptions = {}): Promise<PluginRequest> {
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv;
  const path = env[REQUEST_FILE_ENV];
  if (!path) {
    throw new PluginRequestError(
      `${REQUEST_FILE_ENV} is not set: the host must write the request document and name it in ${REQUEST_FILE_ENV}`,
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PluginRequestError(`Cannot read the request file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PluginRequestError(`The request file ${path} is not JSON: ${(error as Error).message}`);
  }
  await prepareValidators([{ schema: PluginRequest }]);
  const request = parseRequest(document);
  const verb = argv[2];
  if (verb !== undefined && verb !== request.verb) {
    throw new PluginRequestError(
      `The verb in argv (${verb}) differs from the request's verb (${request.verb})`,
    );
  }
  return request;
}

/** Reads the state backend token named by the request (env variable or file); undefined when none. */
export async function readStatePassword(
  request: PluginRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const state = request.state;
  if (!state) return undefined;
  if (state.passwordEnv) {
    const value = env[state.passwordEnv];
    if (value === undefined) {
      throw new PluginRequestError(`state.passwordEnv names ${state.passwordEnv}, which is not set`);
    }
    return value;
  }
  if (state.passwordFile) {
    try {
      return (await readFile(state.passwordFile, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new PluginRequestError(`Cannot read state.passwordFile: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/** Reads `credentials.secretsFile` (a JSON object of strings); an empty object when the request has none. */
export async function readSecrets(request: PluginRequest): Promise<Record<string, string>> {
  const path = request.credentials.secretsFile;
  if (!path) return {};
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PluginRequestError(`Cannot read credentials.secretsFile: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new PluginRequestError('credentials.secretsFile must hold a JSON object of strings');
  }
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) {
    if (typeof value !== 'string') {
      throw new PluginRequestError(`credentials.secretsFile: "${key}" must be a string`);
    }
    secrets[key] = value;
  }
  return secrets;
}

/** Every secret value handed to this verb (state token, credential secrets), for the event writer to redact. */
export async function collectRequestSecrets(
  request: PluginRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const values = Object.values(await readSecrets(request));
  const password = await readStatePassword(request, env);
  if (password) values.push(password);
  return values;
}
