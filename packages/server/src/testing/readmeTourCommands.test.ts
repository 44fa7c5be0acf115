import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutRoot } from './copyCheckout.ts';
import { readmeTourCommands } from './readmeTourCommands.ts';

describe('readmeTourCommands', () => {
  it("reads README.md's tour as a reader types it: one command a line, the here-document whole", () => {
    const commands = readmeTourCommands(fs.readFileSync(path.join(checkoutRoot, 'README.md'), 'utf8'));
    expect(commands[0]).toMatch(/^npx csoc login --server http:\/\/127\.0\.0\.1:8080 /);
    const document = commands.find((command) => command.startsWith('cat > alpha.yaml'));
    expect(document?.split('\n').at(-1)).toBe('YAML');
    expect(document).toContain('kind: Commons');
    expect(commands.every((command) => !command.trimStart().startsWith('#'))).toBe(true);
    expect(commands.filter((command) => command.includes('RUN_ID'))).toHaveLength(2);
  });

  it('refuses a README without the tour, or with an unterminated here-document', () => {
    expect(() => readmeTourCommands('# CSOC\n\n## Start it\n')).toThrow(/no "## A short tour" section/);
    expect(() => readmeTourCommands("## A short tour\n\n```sh\ncat > a <<'EOF'\nx\n```\n")).toThrow(
      /never ends/,
    );
  });
});
