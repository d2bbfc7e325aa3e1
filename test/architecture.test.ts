// The layering the README describes, checked from the imports themselves (parsed with TypeScript's own parser):
// the folders of src/ import one another without a cycle, render/ does no I/O, and only the CLI reads the
// environment (in tests: only test/support/env.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = path.join(ROOT, 'src');

interface ImportRef {
  readonly specifier: string;
  /** Erased at run time (`import type`, or every binding type-only). */
  readonly typeOnly: boolean;
}

interface Module {
  readonly file: string;
  readonly imports: readonly ImportRef[];
  readonly source: ts.SourceFile;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function parse(file: string): Module {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const imports: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((element) => element.isTypeOnly))));
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      imports.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, imports, source };
}

const modules = new Map(tsFiles(SRC).map((file) => [file, parse(file)]));

/** A module's place in the layering: its folder under src/, or for a file directly in src/ its own name. */
function unitOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? path.resolve(path.dirname(from), specifier) : undefined;
}

/** unit → unit → the imports that make the edge, e.g. `render/charts.ts → templates/helm-chart.ts`. */
function unitGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const module of modules.values()) {
    const from = unitOf(module.file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const { specifier } of module.imports) {
      const target = resolveLocal(module.file, specifier);
      if (!target || !target.startsWith(SRC)) continue;
      const to = unitOf(target);
      if (to === from) continue;
      const edges = graph.get(from)!;
      edges.set(to, [...(edges.get(to) ?? []), `${path.relative(SRC, module.file)} → ${path.relative(SRC, target)}`]);
    }
  }
  return graph;
}

function findCycle(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (unit: string): string[] | undefined => {
    if (state.get(unit) === 'done') return undefined;
    if (state.get(unit) === 'visiting') return [...stack.slice(stack.indexOf(unit)), unit];
    state.set(unit, 'visiting');
    stack.push(unit);
    for (const next of [...(graph.get(unit)?.keys() ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(unit, 'done');
    return undefined;
  };
  for (const unit of [...graph.keys()].sort()) {
    const cycle = visit(unit);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Node built-ins that reach the filesystem, processes, the network, the host or other threads. */
const IO_BUILTINS = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|dns\/promises|tls|os|worker_threads|cluster|readline|process|inspector|vm)$/;
/** What render/ may import directly: pure folders below it, and these packages. */
const RENDER_MAY_IMPORT = new Set(['render', 'model', 'config', 'templates', 'util', 'errors']);
const PURE_PACKAGES = new Set(['cdk8s', 'constructs', 'zod', 'yaml', 'node:path', 'node:util', 'node:crypto']);

/** Every use of the `process` global (env, cwd, exit, …) and every `fetch(…)` call in a module. */
function worldAccess(module: Module): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process') found.push(`process.${node.name.text}`);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fetch') found.push('fetch()');
    ts.forEachChild(node, visit);
  };
  visit(module.source);
  return found;
}

function readsProcessEnv(source: ts.SourceFile): boolean {
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && node.name.text === 'env') reads = true;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}

describe('architecture', () => {
  it('the folders of src/ import one another without a cycle', (t) => {
    const graph = unitGraph();
    for (const [unit, edges] of [...graph].sort(([a], [b]) => a.localeCompare(b))) t.diagnostic(`${unit} → ${[...edges.keys()].sort().join(', ') || '(nothing)'}`);
    const cycle = findCycle(graph);
    const evidence = cycle?.slice(1).map((to, i) => `${cycle[i]} → ${to}: ${graph.get(cycle[i]!)!.get(to)![0]}`).join('\n');
    assert.equal(cycle, undefined, `folder import cycle ${cycle?.join(' → ')}:\n${evidence}`);
  });

  it('render/ imports only pure folders and packages, and nothing it loads does I/O', () => {
    const problems: string[] = [];
    for (const module of modules.values()) {
      if (unitOf(module.file) !== 'render') continue;
      for (const { specifier } of module.imports) {
        const target = resolveLocal(module.file, specifier);
        if (target ? !RENDER_MAY_IMPORT.has(unitOf(target)) : !PURE_PACKAGES.has(specifier)) {
          problems.push(`${path.relative(SRC, module.file)} imports ${specifier}`);
        }
      }
    }
    // What actually runs: every module render/ loads at run time, transitively (type-only imports are erased).
    const loaded = new Set<string>();
    const queue = [...modules.keys()].filter((file) => unitOf(file) === 'render');
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (loaded.has(file)) continue;
      loaded.add(file);
      const module = modules.get(file);
      assert.ok(module, `${file} is imported but not in src/`);
      for (const { specifier, typeOnly } of module.imports) {
        if (typeOnly) continue;
        const target = resolveLocal(file, specifier);
        if (target) queue.push(target);
        else if (IO_BUILTINS.test(specifier)) problems.push(`${path.relative(SRC, file)} (loaded by render/) imports ${specifier}`);
      }
      for (const access of worldAccess(module)) problems.push(`${path.relative(SRC, file)} (loaded by render/) uses ${access}`);
    }
    assert.deepEqual(problems, []);
  });

  it('only src/cli/main.ts reads the environment; in tests only test/support/env.ts does', () => {
    const readers = [...tsFiles(SRC), ...tsFiles(path.join(ROOT, 'test'))]
      .filter((file) => readsProcessEnv(modules.get(file)?.source ?? parse(file).source))
      .map((file) => path.relative(ROOT, file));
    assert.deepEqual(readers.sort(), ['src/cli/main.ts', 'test/support/env.ts']);
  });
});
