// The CLI and the portal are typed from packages/common/src/generated/, generated from this server's
// OpenAPI document. This fails when a route changed and nobody ran `npm run generate:api`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderGeneratedFiles } from '../../scripts/generateApiClientTypes.ts';

const generatedDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../common/src/generated',
);

describe('generated API client types', () => {
  it('match the current OpenAPI document (run `npm run generate:api` when this fails)', async () => {
    const files = await renderGeneratedFiles();
    for (const [name, content] of Object.entries(files)) {
      expect(fs.readFileSync(path.join(generatedDir, name), 'utf8') === content, `${name} is stale`).toBe(
        true,
      );
    }
  });
});
