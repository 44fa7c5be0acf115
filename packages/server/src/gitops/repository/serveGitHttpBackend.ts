// Serves a bare repository over Git's smart HTTP protocol by running `git http-backend` as a CGI program:
// CSOC uses it read-only (upload-pack) for Argo CD; tests use it with receive-pack to play a remote.
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { GIT, gitEnvironment } from './runGit.ts';

export interface GitHttpRequest {
  method: string;
  /** Path below the project root, e.g. `/acme.git/info/refs`. */
  pathInfo: string;
  queryString: string;
  contentType?: string;
  contentEncoding?: string;
  body?: Readable;
}

export interface GitHttpBackendOptions {
  projectRoot: string;
  /** Allow pushes (tests only; CSOC never routes receive-pack). */
  receivePack?: boolean;
  remoteUser?: string;
}

/** Runs git http-backend for one request and streams its CGI answer into `response`. */
export function serveGitHttpBackend(
  request: GitHttpRequest,
  response: ServerResponse,
  options: GitHttpBackendOptions,
): Promise<void> {
  return new Promise((resolve) => {
    const env = gitEnvironment({
      env: {
        GIT_PROJECT_ROOT: options.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: request.pathInfo,
        REQUEST_METHOD: request.method,
        QUERY_STRING: request.queryString,
        CONTENT_TYPE: request.contentType ?? '',
        ...(request.contentEncoding ? { HTTP_CONTENT_ENCODING: request.contentEncoding } : {}),
        ...(options.remoteUser ? { REMOTE_USER: options.remoteUser } : {}),
        ...(options.receivePack ? { GIT_HTTP_RECEIVE_PACK: '1' } : {}),
        GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
      },
    });
    const args = [
      '-c',
      `http.receivepack=${options.receivePack ? 'true' : 'false'}`,
      '-c',
      'uploadpack.allowFilter=true',
      'http-backend',
    ];
    const child = spawn(GIT, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let headerBuffer = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      headerBuffer = Buffer.concat([headerBuffer, chunk]);
      let end = headerBuffer.indexOf('\r\n\r\n');
      let separatorLength = 4;
      if (end < 0) {
        end = headerBuffer.indexOf('\n\n');
        separatorLength = 2;
      }
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of headerBuffer.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
        else response.setHeader(name, value);
      }
      response.statusCode = status;
      response.write(headerBuffer.subarray(end + separatorLength));
    });
    child.on('close', (code) => {
      if (!headersDone) {
        response.statusCode = 500;
        response.setHeader('content-type', 'text/plain');
        response.write(`git http-backend failed (exit ${code})\n`);
      }
      response.end();
      void stderr;
      resolve();
    });
    child.on('error', () => {
      if (!response.headersSent) response.statusCode = 500;
      response.end();
      resolve();
    });
    child.stdin.on('error', () => undefined);
    if (request.body) request.body.pipe(child.stdin);
    else child.stdin.end();
  });
}
