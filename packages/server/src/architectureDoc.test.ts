// docs/ARCHITECTURE.md carries a picture of the areas and a table of who owns which table and route, both
// generated from the sources by scripts/drawArchitecture.ts; this fails when the committed copy is stale.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  architectureDocPath,
  areaEdges,
  areaOf,
  renderArchitectureBlock,
  withGraph,
} from '../scripts/drawArchitecture.ts';

describe('docs/ARCHITECTURE.md', () => {
  it('carries the picture and the ownership table the sources give today', () => {
    const committed = fs.readFileSync(architectureDocPath, 'utf8');
    expect(
      withGraph(committed, renderArchitectureBlock()),
      'docs/ARCHITECTURE.md is stale: run npm run docs:architecture and commit the result',
    ).toBe(committed);
  });

  it('draws gitops sub-folders as sub-areas and the top-level files as the root', () => {
    expect(areaOf('gitops/deploys/deployService.ts')).toBe('gitops/deploys');
    expect(areaOf('gitops/gitopsTables.ts')).toBe('gitops');
    expect(areaOf('identity/oidc/oidcRoutes.ts')).toBe('identity');
    expect(areaOf('startCsoc.ts')).toBe('root');
    expect(areaOf('errors.ts')).toBe('errors');
    const edges = areaEdges(
      new Map([
        ['runs/runRoutes.ts', new Set(['runs/runLifecycle.ts', 'commons/commonsStore.ts', 'errors.ts'])],
        ['runs/runLifecycle.ts', new Set<string>()],
      ]),
    );
    expect(edges.get('runs')).toEqual(new Set(['commons', 'errors']));
  });

  it('refuses a document whose markers are gone, naming them', () => {
    expect(() => withGraph('# Architecture\n', 'graph')).toThrow(/architecture-graph:begin/);
  });
});
