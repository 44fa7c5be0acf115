// Runs the system git with a clean, predictable environment: no system or global configuration
// (GIT_CONFIG_NOSYSTEM=1 and an empty temporary HOME), no prompts, options passed with `-c`, and
// secrets (an Authorization header) handed through GIT_CONFIG_* environment variables, never argv or disk.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GIT = process.env.CSOC_GIT_BINARY ?? '/usr/bin/git';

let gitHome: string | undefined;

/** An empty HOME for git, made once per process, so no user's ~/.gitconfig ever applies. */
export function gitHomeDir(): string {
  if (!gitHome || !fs.existsSync(gitHome)) gitHome = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-git-home-'));
  return gitHome;
}

/** The environment every git process gets (PATH only from ours; nothing else leaks in). */
export function gitEnvironment(
  options: { extraHeader?: string; env?: Record<string, string> } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: gitHomeDir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    LANG: 'C',
    LC_ALL: 'C',
    ...options.env,
  };
  if (options.extraHeader) {
    // git >= 2.31 reads configuration from these variables: the header lives only in this process's env.
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = options.extraHeader;
  }
  return env;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${args[0] ?? ''} failed (exit ${exitCode}): ${stderr.trim().split('\n').slice(-6).join(' | ')}`,
    );
    this.name = 'GitError';
  }
}

export interface RunGitOptions {
  gitDir?: string;
  cwd?: string;
  input?: string | Buffer;
  /** Extra environment (e.g. GIT_INDEX_FILE, GIT_AUTHOR_NAME). */
  env?: Record<string, string>;
  /** An HTTP header sent to remotes, e.g. `Authorization: Basic ...`. */
  extraHeader?: string;
  /** Exit codes that are not failures (e.g. 1 for `rev-parse --verify -q` of a missing ref). */
  okCodes?: number[];
}

/** Runs `git <args>` and returns its stdout; throws GitError (with stderr) on a non-zero exit. */
export function runGit(
  args: string[],
  options: RunGitOptions = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const fullArgs = [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'init.defaultBranch=main',
    '-c',
    'protocol.version=2',
    '-c',
    'gc.auto=0',
    ...(options.gitDir ? [`--git-dir=${options.gitDir}`] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(GIT, fullArgs, {
      cwd: options.cwd ?? os.tmpdir(),
      env: gitEnvironment({ extraHeader: options.extraHeader, env: options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0 || (code !== null && options.okCodes?.includes(code)))
        resolve({ stdout, stderr, code: code ?? 0 });
      else reject(new GitError(args, code, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** `Authorization: Basic` header value for a user and password/token. */
export function basicAuthHeader(user: string, password: string): string {
  return `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
