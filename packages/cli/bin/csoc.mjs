#!/usr/bin/env node
// `csoc`: the CSOC command line. Runs the esbuild bundle of its sources (ADR 0045): starting through tsx
// cost 1–2 s a command. A bundle that no longer matches the sources is rebuilt first (once, well under a
// second); tsx runs the sources only when no bundle can be built here (no esbuild, a read-only folder)
// or when CSOC_CLI_ENTRY=sources asks for it.
import process from 'node:process';

const ENTRY_MODES = ['auto', 'bundle', 'sources'];
const mode = process.env.CSOC_CLI_ENTRY || 'auto';
if (!ENTRY_MODES.includes(mode)) {
  console.error(
    `csoc: CSOC_CLI_ENTRY is "${mode}"; use auto (the bundle, rebuilt when stale), bundle (fail without one) or sources (tsx), or unset it`,
  );
  process.exit(2);
}

const runCli = (mode === 'sources' ? undefined : await bundledRunCli()) ?? (await sourcesRunCli());
process.exitCode = await runCli(process.argv.slice(2));

async function bundledRunCli() {
  const { ensureCliBundle, freshCliBundle } = await import('./cliBundle.mjs');
  let entry = freshCliBundle();
  if (!entry) {
    try {
      entry = await ensureCliBundle();
    } catch (error) {
      if (mode === 'bundle') {
        console.error(`csoc: cannot build the CLI bundle (${firstLine(error)}); run npm run build`);
        process.exit(1);
      }
      return undefined;
    }
  }
  return (await import(entry)).runCli;
}

async function sourcesRunCli() {
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/runCli.ts')).runCli;
}

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
