// Serves the built portal (packages/web/dist) on the API's origin: hashed assets from /assets/, and
// index.html for every other non-API path so the portal's client-side routes survive a reload.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../errors.ts';
import type { CsocApp } from './appContext.ts';

/** Where `npm run build -w @csoc/web` writes the portal. */
export const PORTAL_DIST_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * The portal's Content-Security-Policy: scripts only from this origin (the build has no inline script),
 * styles from this origin plus inline (Mantine sets CSS variables in style attributes and a style tag),
 * API calls and the run log stream only to this origin.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CSOC</title></head>
<body><h1>CSOC</h1><p>The portal is not built yet. Run <code>npm run build</code> in the CSOC folder, then reload.
The API is up: see <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

export interface ServePortalOptions {
  /** The built portal; PORTAL_DIST_DIR by default. */
  distDir?: string;
}

/** Registers `GET /` and `GET /*` (public, hidden from the API document). Unknown /api paths stay JSON 404s. */
export function registerPortalRoutes(app: CsocApp, options: ServePortalOptions = {}): void {
  const distDir = path.resolve(options.distDir ?? PORTAL_DIST_DIR);

  /** A file inside distDir, or undefined (never a path that escapes it). */
  function resolveFile(urlPath: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    const candidate = path.resolve(distDir, `.${path.posix.normalize(`/${decoded}`)}`);
    if (!candidate.startsWith(distDir + path.sep)) return undefined;
    try {
      return fs.statSync(candidate).isFile() ? candidate : undefined;
    } catch {
      return undefined;
    }
  }

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const urlPath = request.url.split('?')[0]!;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) {
      throw new NotFoundError(
        `No route ${request.method} ${urlPath}; see /api/docs for the API.`,
        'route_not_found',
      );
    }
    void reply.header('content-security-policy', PORTAL_CSP);
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(MISSING_BUILD_PAGE);
    }
    const file = urlPath === '/' ? undefined : resolveFile(urlPath);
    if (file) {
      const hashed = urlPath.startsWith('/assets/');
      void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      void reply.type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
      return reply.send(fs.createReadStream(file));
    }
    // A missing asset is a real 404; any other path is a portal route that index.html resolves.
    if (urlPath.startsWith('/assets/'))
      throw new NotFoundError(`No portal file ${urlPath}.`, 'route_not_found');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(fs.createReadStream(index));
  };

  const routeOptions = { config: { action: 'public' }, schema: { hide: true } } as const;
  app.get('/', routeOptions, handler);
  app.get('/*', routeOptions, handler);
}
