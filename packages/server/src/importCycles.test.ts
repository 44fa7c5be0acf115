// No import cycles among the server's modules, type-only imports included: a cycle ties areas together so
// that neither can change (or load) without the other. scripts/readImportGraph.ts walks the imports.
import { describe, expect, it } from 'vitest';
import { findImportCycles, readImportGraph } from '../scripts/readImportGraph.ts';

/**
 * Cycles known to remain, each as findImportCycles prints it; delete an entry once its cycle is gone. One
 * cycle is printed per group of modules that reach each other, so breaking it may reveal another.
 */
const KNOWN_CYCLES: string[] = [];

describe('server import graph', () => {
  it('has no import cycles beyond the known ones', () => {
    const graph = readImportGraph({ includeTests: true });
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findImportCycles(graph).map((cycle) => cycle.join(' -> '));
    expect(cycles, 'import cycles among packages/server/src modules (break them with a leaf module)').toEqual(
      KNOWN_CYCLES,
    );
  });

  it('finds a cycle of type-only imports through three modules, and none in a tree', () => {
    const cyclic = new Map([
      ['db/schema.ts', new Set(['runs/runTables.ts'])],
      ['runs/runTables.ts', new Set(['credentials/sealBlob.ts'])],
      ['credentials/sealBlob.ts', new Set(['db/schema.ts', 'credentials/envelope.ts'])],
      ['credentials/envelope.ts', new Set<string>()],
    ]);
    expect(findImportCycles(cyclic)).toEqual([
      ['credentials/sealBlob.ts', 'db/schema.ts', 'runs/runTables.ts', 'credentials/sealBlob.ts'],
    ]);
    cyclic.get('credentials/sealBlob.ts')!.delete('db/schema.ts');
    expect(findImportCycles(cyclic)).toEqual([]);
  });
});
