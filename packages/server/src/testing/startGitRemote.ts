// A Git remote for tests: bare repositories served over smart HTTP by `git http-backend` (pushes enabled)
// behind a tiny Node HTTP server that demands one token (HTTP Basic password), like a hosted Git service.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../gitops/repository/runGit.ts';
import { serveGitHttpBackend } from '../gitops/repository/serveGitHttpBackend.ts';

export interface GitRemote {
  /** URL of the repository `name` (created bare on first use). */
  url(name: string): string;
  root: string;
  /** Makes the repository's pre-receive hook refuse every push with `message` (undefined to accept again). */
  rejectPushes(name: string, message: string | undefined): void;
  /** Requests the server saw, with whether they carried the token. */
  requests: Array<{ method: string; url: string; authorized: boolean }>;
  close(): Promise<void>;
}

export async function startGitRemote(options: {
  token: string;
  repositories: string[];
  /** The address to listen on (127.0.0.1 by default; a lab's client address serves its netns hosts). */
  host?: string;
}): Promise<GitRemote> {
  const host = options.host ?? '127.0.0.1';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-git-remote-'));
  for (const name of options.repositories) {
    await runGit(['init', '--quiet', '--bare', path.join(root, `${name}.git`)]);
  }
  const expected = `Basic ${Buffer.from(`x-access-token:${options.token}`).toString('base64')}`;
  const requests: GitRemote['requests'] = [];
  const server = http.createServer((request, response) => {
    const authorized = request.headers.authorization === expected;
    requests.push({ method: request.method ?? '', url: request.url ?? '', authorized });
    if (!authorized) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="test remote"' }).end('token required\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://remote');
    void serveGitHttpBackend(
      {
        method: request.method ?? 'GET',
        pathInfo: url.pathname,
        queryString: url.search.replace(/^\?/, ''),
        contentType: request.headers['content-type'],
        contentEncoding: request.headers['content-encoding'] as string | undefined,
        body: request.method === 'POST' ? request : undefined,
      },
      response,
      { projectRoot: root, receivePack: true, remoteUser: 'csoc' },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    root,
    requests,
    url: (name) => `http://${host}:${port}/${name}.git`,
    rejectPushes(name, message) {
      const hook = path.join(root, `${name}.git`, 'hooks', 'pre-receive');
      if (message === undefined) fs.rmSync(hook, { force: true });
      else
        fs.writeFileSync(hook, `#!/bin/sh\necho ${JSON.stringify(message)} >&2\nexit 1\n`, { mode: 0o755 });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
