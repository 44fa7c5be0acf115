// Draws the server's areas and the imports between them as a Mermaid graph into docs/ARCHITECTURE.md,
// between the architecture markers, so the picture is made from the code and a test can tell it is stale.
// `npm run docs:architecture` (writes) or `node --import tsx packages/server/scripts/drawArchitecture.ts --check`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImportGraph, serverSrcDir, type ImportGraph } from './readImportGraph.ts';

export const architectureDocPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/ARCHITECTURE.md',
);
export const BEGIN_MARKER = '<!-- architecture-graph:begin (npm run docs:architecture writes this block) -->';
export const END_MARKER = '<!-- architecture-graph:end -->';

/** Folders whose sub-folders are drawn as sub-areas inside one box. */
const AREAS_WITH_SUB_AREAS = new Set(['gitops']);
/** Modules at the top of src/ that wire the areas together. */
const ROOT_AREA = 'root';
/** Everyone may use these; drawn, but their incoming edges would hide the rest of the picture. */
export const FOUNDATION_AREAS = ['errors', 'config', 'db', 'http', 'telemetry', 'crypto'];

/** The area of a module: its top folder, `gitops/<sub>` for gitops, `root` or `errors` at the top. */
export function areaOf(modulePath: string): string {
  const parts = modulePath.split('/');
  if (parts.length === 1) return modulePath === 'errors.ts' ? 'errors' : ROOT_AREA;
  const [top, sub] = parts;
  if (AREAS_WITH_SUB_AREAS.has(top!) && parts.length > 2) return `${top}/${sub}`;
  return top!;
}

/** Area → the other areas it imports, from a module import graph. */
export function areaEdges(graph: ImportGraph): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, imports] of graph) {
    const fromArea = areaOf(from);
    const targets = edges.get(fromArea) ?? new Set<string>();
    edges.set(fromArea, targets);
    for (const to of imports) {
      const toArea = areaOf(to);
      if (toArea !== fromArea) targets.add(toArea);
    }
  }
  return edges;
}

const nodeId = (area: string) => area.replaceAll(/[^a-zA-Z0-9]/g, '_');
const nodeLabel = (area: string) => (area.includes('/') ? area.split('/')[1]! : area);

/** The Mermaid flowchart of the server's areas (tests and the test kit left out). */
export function renderArchitectureGraph(graph: ImportGraph = readImportGraph()): string {
  const edges = areaEdges(graph);
  const areas = [...edges.keys()].sort();
  const foundation = new Set(FOUNDATION_AREAS);
  const lines = ['```mermaid', 'flowchart LR'];
  const subAreas = new Map<string, string[]>();
  for (const area of areas) {
    const parent = area.includes('/') ? area.split('/')[0]! : undefined;
    if (parent) subAreas.set(parent, [...(subAreas.get(parent) ?? []), area]);
    else if (!AREAS_WITH_SUB_AREAS.has(area)) lines.push(`  ${nodeId(area)}[${area}]`);
  }
  for (const [parent, children] of subAreas) {
    lines.push(`  subgraph ${nodeId(parent)}_area[${parent}/]`);
    if (areas.includes(parent)) lines.push(`    ${nodeId(parent)}[${parent} root files]`);
    for (const child of children) lines.push(`    ${nodeId(child)}[${nodeLabel(child)}]`);
    lines.push('  end');
  }
  for (const from of areas) {
    for (const to of [...edges.get(from)!].sort()) {
      if (foundation.has(to)) continue;
      lines.push(`  ${nodeId(from)} --> ${nodeId(to)}`);
    }
  }
  const drawnFoundation = FOUNDATION_AREAS.filter((area) => areas.includes(area));
  lines.push(
    '  classDef foundation fill:#eee,stroke:#999',
    `  class ${drawnFoundation.map(nodeId).join(',')} foundation`,
  );
  lines.push('```');
  return lines.join('\n');
}

/** One area's tables (from its `*Tables.ts` interfaces) and route paths (from its `*Routes.ts` files). */
export interface AreaOwnership {
  area: string;
  tables: string[];
  routes: string[];
}

const ROUTE_LITERAL = /['`](\/(?:api\/v1\/[^'`$]*|git\/[^'`$]*|healthz|readyz|metrics))['`]/g;

/** Reads who owns which table and route from the sources, for every area that owns any. */
export function readOwnership(
  srcDir = serverSrcDir,
  graph: ImportGraph = readImportGraph({ srcDir }),
): AreaOwnership[] {
  const byArea = new Map<string, AreaOwnership>();
  for (const modulePath of [...graph.keys()].sort()) {
    const name = path.basename(modulePath);
    if (!name.endsWith('Tables.ts') && !name.endsWith('Routes.ts')) continue;
    const area = areaOf(modulePath);
    const ownership = byArea.get(area) ?? { area, tables: [], routes: [] };
    byArea.set(area, ownership);
    const source = fs.readFileSync(path.join(srcDir, modulePath), 'utf8');
    if (name.endsWith('Tables.ts')) {
      const body = /export interface \w+Tables \{([^}]*)\}/.exec(source)?.[1] ?? '';
      ownership.tables.push(...[...body.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]!));
    } else {
      ownership.routes.push(...[...source.matchAll(ROUTE_LITERAL)].map((match) => match[1]!));
    }
  }
  return [...byArea.values()]
    .map((ownership) => ({
      area: ownership.area,
      tables: [...new Set(ownership.tables)].sort(),
      routes: [...new Set(ownership.routes)].sort(),
    }))
    .sort((a, b) => a.area.localeCompare(b.area));
}

/** The ownership table in Markdown: area, tables, routes (`/api/v1` left out). */
export function renderOwnershipTable(ownership: AreaOwnership[] = readOwnership()): string {
  const code = (items: string[]) => items.map((item) => `\`${item}\``).join(', ');
  const rows = ownership.map(({ area, tables, routes }) => {
    const shortRoutes = routes.map((route) => route.replace(/^\/api\/v1/, ''));
    return `| \`${area}/\` | ${code(tables) || '—'} | ${code(shortRoutes) || '—'} |`;
  });
  return [
    '| Area | Tables | Routes (below `/api/v1`, except `/git/…`, `/healthz`, `/readyz`, `/metrics`) |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Everything between the markers: the picture, then who owns which table and route. */
export function renderArchitectureBlock(): string {
  const graph = readImportGraph();
  return `${renderArchitectureGraph(graph)}\n\n${renderOwnershipTable(readOwnership(serverSrcDir, graph))}`;
}

/** The document with its graph block replaced by `graph`. */
export function withGraph(document: string, graph: string): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin)
    throw new Error(
      `${architectureDocPath} lacks the markers ${BEGIN_MARKER} ... ${END_MARKER}; put them back.`,
    );
  return `${document.slice(0, begin + BEGIN_MARKER.length)}\n${graph}\n${document.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const document = fs.readFileSync(architectureDocPath, 'utf8');
  const updated = withGraph(document, renderArchitectureBlock());
  if (process.argv.includes('--check')) {
    if (updated !== document) {
      console.error('docs/ARCHITECTURE.md: the architecture graph is stale; run npm run docs:architecture.');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(architectureDocPath, updated);
    console.log(`Wrote the architecture graph into ${path.relative(process.cwd(), architectureDocPath)}.`);
  }
}
