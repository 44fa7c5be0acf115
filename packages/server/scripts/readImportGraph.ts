// The import graph of the server's own modules (packages/server/src), type-only imports included, for
// the import-cycle check (src/importCycles.test.ts) and the architecture picture (drawArchitecture.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const serverSrcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Module (path relative to `srcDir`, '/'-separated) → the modules of `srcDir` it imports. */
export type ImportGraph = Map<string, Set<string>>;

export interface ReadImportGraphOptions {
  srcDir?: string;
  /** Also count test files (*.test.ts) and the test kit; the picture leaves them out. */
  includeTests?: boolean;
}

function listModules(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return listModules(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function isTestModule(relative: string): boolean {
  return relative.endsWith('.test.ts') || relative.startsWith('testing/');
}

/** Reads every module's imports (static, type-only, re-exports, dynamic) that resolve inside `srcDir`. */
export function readImportGraph(options: ReadImportGraphOptions = {}): ImportGraph {
  const srcDir = options.srcDir ?? serverSrcDir;
  const toRelative = (file: string) => path.relative(srcDir, file).split(path.sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of listModules(srcDir).sort()) {
    const from = toRelative(file);
    if (!options.includeTests && isTestModule(from)) continue;
    const imported = new Set<string>();
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.') || !fileName.endsWith('.ts')) continue;
      const target = path.resolve(path.dirname(file), fileName);
      if (!target.startsWith(srcDir + path.sep) || !fs.existsSync(target)) continue;
      const to = toRelative(target);
      if (!options.includeTests && isTestModule(to)) continue;
      imported.add(to);
    }
    graph.set(from, imported);
  }
  return graph;
}

/**
 * The import cycles of a graph: each strongly connected component of more than one module (or a module
 * importing itself), as one cycle through it that starts at its alphabetically first module.
 */
export function findImportCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so that deep graphs do not overflow the stack.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      lowLink.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (graph.get(node) ?? new Set()).values() });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const child = step.value;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child))
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = graph.get(frame.node)?.has(frame.node) ?? false;
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => cycleThrough(graph, new Set(component))).sort();
}

/** A shortest cycle from the component's first module back to itself (breadth-first, inside it). */
function cycleThrough(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!component.has(next)) continue;
      if (next === start) {
        const cycle = [node];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0]!)!);
        return [...cycle, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
