/**
 * The import rules `npm test` enforces, so the layering cannot erode unnoticed:
 * 1. no import cycles between files;
 * 2. no cycles between folders (core → webhooks → core would make the two one module in all but name);
 * 3. `core/` imports nothing of Docket's outside `core/` (ports in, adapters out).
 * Tests are left out: they may reach into any layer to arrange a case.
 * Run: `node scripts/check-dependencies.ts` (from server/); exits 1 and names each violation.
 */
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';

const root = path.resolve(import.meta.dirname, '..');
const source = 'src';
const isTest = (file: string) => /\.test\.ts$|\.test-support\.ts$/.test(file);

/** Strongly connected components with more than one member (Tarjan), each a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlink.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlink.set(node, Math.min(lowlink.get(node)!, lowlink.get(next)!));
      } else if (onStack.has(next)) {
        lowlink.set(node, Math.min(lowlink.get(node)!, indices.get(next)!));
      }
    }
    if (lowlink.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

function edges(result: ICruiseResult): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const module of result.modules) {
    if (!module.source.startsWith(`${source}/`) || isTest(module.source)) continue;
    for (const dependency of module.dependencies) {
      if (dependency.resolved.startsWith(`${source}/`) && !isTest(dependency.resolved)) {
        pairs.push([module.source, dependency.resolved]);
      }
    }
  }
  return pairs;
}

function addEdge(graph: Map<string, Set<string>>, from: string, to: string): void {
  if (!graph.has(from)) graph.set(from, new Set());
  if (!graph.has(to)) graph.set(to, new Set());
  if (from !== to) graph.get(from)!.add(to);
}

/**
 * Folders as nodes: an import from a/b/x.ts to a/c/y.ts is an edge between the sibling folders
 * a/b and a/c. An import between a folder's own files and its subfolders (a/index.ts ↔ a/b/x.ts)
 * is not a folder edge: a folder contains its subfolders, and file cycles are checked apart.
 */
function folderGraph(pairs: Array<[string, string]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    const a = path.dirname(from).split('/');
    const b = path.dirname(to).split('/');
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    if (common < a.length && common < b.length) {
      addEdge(graph, a.slice(0, common + 1).join('/'), b.slice(0, common + 1).join('/'));
    }
  }
  return graph;
}

function fileGraph(pairs: Array<[string, string]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of pairs) addEdge(graph, from, to);
  return graph;
}

export async function checkDependencies(cwd = root): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const { output } = await cruise([source], { tsPreCompilationDeps: true, doNotFollow: 'node_modules' });
    const pairs = edges(output as ICruiseResult);
    const problems: string[] = [];
    for (const cycle of cycles(fileGraph(pairs))) {
      problems.push(`import cycle between files: ${cycle.join(' ⇄ ')}`);
    }
    for (const cycle of cycles(folderGraph(pairs))) {
      problems.push(`import cycle between folders: ${cycle.join(' ⇄ ')}`);
    }
    for (const [from, to] of pairs) {
      if (from.startsWith(`${source}/core/`) && !to.startsWith(`${source}/core/`)) {
        problems.push(`core imports outside core: ${from} → ${to}`);
      }
    }
    return problems;
  } finally {
    process.chdir(previous);
  }
}

if (import.meta.main) {
  const problems = await checkDependencies();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log('dependencies: no cycles between files or folders; core imports only core');
}
