// Assembles what the csoc-agent image installs under /opt/csoc-agent: the agent (packages/agent/src/cli.ts,
// its @csoc/common imports and ws) bundled by esbuild into one ES module that plain node runs, and its
// health check. No TypeScript, tsx, npm or node_modules leave this step. Both builds use it: the build
// stage of deploy/container/Containerfile.agent and buildLocalAgentImage.sh (ADR 0080).
//
//   node deploy/container/bundleAgent.mjs OUT_DIR     # OUT_DIR/opt/csoc-agent/... is the image's tree
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the tree goes inside the image. */
export const AGENT_INSTALL_ROOT = '/opt/csoc-agent';

/** Bundles the agent into OUT_DIR/opt/csoc-agent; returns the bundle's size in bytes. */
export async function bundleAgent(outDir) {
  const root = path.join(outDir, AGENT_INSTALL_ROOT);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const outfile = path.join(root, 'csoc-agent.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'packages/agent/src/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // ws loads these native speed-ups when installed and works without them; the image has neither.
    external: ['bufferutil', 'utf-8-validate'],
    // ws is CommonJS: its require() calls need a require in the ES module.
    banner: {
      js: "import { createRequire as __csocCreateRequire } from 'node:module'; const require = __csocCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
  });
  fs.chmodSync(outfile, 0o755);
  fs.copyFileSync(
    path.join(REPO_ROOT, 'packages/agent/bin/csoc-agent-healthcheck.mjs'),
    path.join(root, 'csoc-agent-healthcheck.mjs'),
  );
  fs.chmodSync(path.join(root, 'csoc-agent-healthcheck.mjs'), 0o755);
  return fs.statSync(outfile).size;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node deploy/container/bundleAgent.mjs OUT_DIR');
    process.exit(2);
  }
  const bytes = await bundleAgent(path.resolve(outDir));
  process.stdout.write(`bundled csoc-agent into ${path.join(outDir, AGENT_INSTALL_ROOT)} (${bytes} bytes)\n`);
}
