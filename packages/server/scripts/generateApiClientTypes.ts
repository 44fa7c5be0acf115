// Writes the OpenAPI document of the current server and the TypeScript types generated from it
// (openapi-typescript) into packages/common/src/generated/, for the CLI and the portal's typed clients.
// `node --import tsx packages/server/scripts/generateApiClientTypes.ts [--check]`; a test runs --check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../src/config/loadConfig.ts';
import { startCsoc } from '../src/startCsoc.ts';

const generatedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../common/src/generated');

/** Boots a throwaway CSOC (SQLite, no worker) just long enough to read its OpenAPI document. */
export async function currentOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-openapi-'));
  const config = loadConfig({
    CSOC_PORT: '0',
    CSOC_DATA_DIR: dataDir,
    CSOC_WORKER: 'off',
    CSOC_LOG_LEVEL: 'silent',
    CSOC_ADMIN_EMAIL: 'gen@example.org',
    CSOC_ADMIN_PASSWORD: 'generator-password',
  });
  const csoc = await startCsoc({ config, announce: () => {} });
  try {
    const document = csoc.app.swagger() as unknown as Record<string, unknown>;
    // The server URL depends on the port of this throwaway instance; clients set their own.
    return { ...document, servers: [{ url: '/' }] };
  } finally {
    await csoc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function renderGeneratedFiles(): Promise<Record<string, string>> {
  const document = await currentOpenApiDocument();
  const types = astToString(await openapiTS(document as never, { alphabetize: true }));
  const header =
    '// Generated from the CSOC OpenAPI document by packages/server/scripts/generateApiClientTypes.ts. Do not edit.\n';
  return {
    'openapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'apiTypes.ts': `${header}/* eslint-disable */\n${types}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const files = await renderGeneratedFiles();
  let stale = false;
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(generatedDir, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === content) continue;
    stale = true;
    if (!check) fs.writeFileSync(file, content);
  }
  if (check && stale) {
    console.error('The generated API client types are stale: run `npm run generate:api`.');
    process.exit(1);
  }
  console.log(
    check
      ? 'generated API types are current'
      : 'wrote packages/common/src/generated/{openapi.json,apiTypes.ts}',
  );
  process.exit(0);
}
