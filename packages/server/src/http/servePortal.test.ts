// The portal routes on a bare Fastify: the "not built yet" page, SPA fallback, hashed assets, no escape
// from the dist folder. (The full app with the real build is exercised by packages/web/e2e.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { CsocApp } from './appContext.ts';
import { PORTAL_CSP, registerPortalRoutes } from './servePortal.ts';

function portalApp(distDir: string) {
  const app = Fastify();
  registerPortalRoutes(app as unknown as CsocApp, { distDir });
  return app;
}

describe('servePortal', () => {
  it('answers a page that says to build the portal when dist is missing', async () => {
    const app = portalApp(path.join(os.tmpdir(), 'csoc-no-such-dist'));
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    expect(response.headers['content-security-policy']).toBe(PORTAL_CSP);
  });

  it('serves assets, falls back to index.html for client routes, and never leaves dist', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(dist), 'outside.txt'), 'secret');
    const app = portalApp(dist);

    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');

    const route = await app.inject({ method: 'GET', url: '/orgs/acme/commons/alpha?tab=runs' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe('<div id="root"></div>');
    expect(route.headers['cache-control']).toBe('no-cache');

    for (const url of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/../../outside.txt']) {
      const escaped = await app.inject({ method: 'GET', url });
      expect(escaped.body, url).not.toContain('secret');
    }
  });
});
