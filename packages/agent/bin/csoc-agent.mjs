#!/usr/bin/env node
// `csoc-agent` from the sources, through tsx (development and tests). The container image runs the same
// src/cli.ts bundled by esbuild with plain node instead (deploy/container/Containerfile.agent).
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli.ts');
