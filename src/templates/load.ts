// Finds the templates a config uses: built-ins from the package, user templates from <source>/templates/<name>/index.ts.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, messageOf, type Problem, type SourcePosition } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { sha256Hex } from '../util/sha256.ts';
import { isTemplate, type Template } from './contract.ts';
import { registerModuleAliases } from './module-aliases.ts';

export type TemplateSet = ReadonlyMap<string, Template>;

export interface TemplateSources {
  /** Templates shipped in the package, by name. */
  readonly builtins: TemplateSet;
}

/** Loads every template the config refers to; unknown or broken templates are reported together. */
export async function loadTemplates(config: HomelabConfig, sources: TemplateSources): Promise<TemplateSet> {
  const userNames = await listUserTemplates(config.sourceDir);
  const known = [...new Set([...sources.builtins.keys(), ...userNames])].sort();
  const problems: Problem[] = [];
  const loaded = new Map<string, Template>();

  const wanted = new Map<string, number>();
  for (const app of config.apps) if (!wanted.has(app.template)) wanted.set(app.template, app.index);

  await Promise.all([...wanted].map(async ([name, index]) => {
    if (userNames.includes(name)) {
      try {
        loaded.set(name, await importUserTemplate(config.sourceDir, name));
      } catch (error) {
        const position = (error as { position?: SourcePosition }).position;
        problems.push({ file: userTemplateFile(name), ...(position && { position }), message: messageOf(error) });
      }
      return;
    }
    const builtin = sources.builtins.get(name);
    if (builtin) {
      loaded.set(name, builtin);
      return;
    }
    problems.push(config.files.apps.problem(['apps', index, 'template'],
      `unknown template "${name}"${didYouMean(name, known)}; known templates: ${known.join(', ')} (user templates live in templates/<name>/index.ts)`));
  }));

  if (problems.length > 0) throw new ConfigError(problems.sort((a, b) => a.file.localeCompare(b.file)));
  return loaded;
}

export function userTemplateFile(name: string): string {
  return `templates/${name}/index.ts`;
}

async function listUserTemplates(sourceDir: string): Promise<string[]> {
  const dir = path.join(sourceDir, 'templates');
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const index = await stat(path.join(dir, entry.name, 'index.ts')).catch(() => undefined);
    if (index?.isFile()) names.push(entry.name);
  }
  return names.sort();
}

let tsxImport: ((specifier: string, parent: string) => Promise<unknown>) | undefined;

/** Imports TypeScript at run time through tsx, in its own namespace so nothing else is transformed. */
async function importTypeScript(file: string): Promise<unknown> {
  if (!tsxImport) {
    // Installed (compiled to JavaScript), the aliases are registered after tsx, so they resolve first and
    // "homelab" and friends load as the very instances the renderer uses instead of second copies inside
    // tsx's namespace (which cost ~100 ms). Run from TypeScript sources (tests), the aliased modules are
    // .ts themselves and must go through tsx's namespace to be transformed.
    const fromSources = import.meta.url.endsWith('.ts');
    if (fromSources) registerModuleAliases();
    const { register } = await import('tsx/esm/api');
    tsxImport = register({ namespace: 'homelab-templates' }).import;
    if (!fromSources) registerModuleAliases();
  }
  // Keyed by content, so a process that renders twice (tests, watch mode) sees an edited template.
  const url = new URL(pathToFileURL(file).href);
  url.searchParams.set('homelab-content', sha256Hex(await readFile(file)).slice(0, 16));
  return tsxImport(url.href, import.meta.url);
}

async function importUserTemplate(sourceDir: string, name: string): Promise<Template> {
  const file = path.join(sourceDir, userTemplateFile(name));
  await requireEsm(path.dirname(file));
  let module: { default?: unknown };
  try {
    module = (await importTypeScript(file)) as { default?: unknown };
  } catch (error) {
    const { text, position } = compileMessage(error);
    throw Object.assign(new Error(`template "${name}" failed to load: ${text}`, { cause: error }), { position });
  }
  const template = module.default;
  if (!isTemplate(template)) {
    throw new Error(`template "${name}" has no default export made by defineTemplate: add \`export default defineTemplate({ name: "${name}", options, build })\` (import { defineTemplate } from "homelab")`);
  }
  if (template.name !== name) {
    throw new Error(`template in folder "${name}" is named "${template.name}": the name must match the folder`);
  }
  return template;
}

/**
 * Templates must load as ES modules: only then does `import … from "homelab"` resolve to the running
 * package (Node 20's resolve hooks do not reach require()). That needs `"type": "module"` in the
 * nearest package.json, as `homelab init` writes it.
 */
async function requireEsm(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = await readFile(path.join(current, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) {
      let type: unknown;
      try {
        type = (JSON.parse(manifest) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type === 'module') return;
      throw new Error(`${path.join(current, 'package.json')} does not set "type": "module", so templates would load as CommonJS; add "type": "module" to it`);
    }
    if (path.dirname(current) === current) {
      throw new Error('no package.json with "type": "module" found above the template; add one to the source repository (homelab init writes it)');
    }
  }
}

/** esbuild's errors carry a location; across tsx's loader thread only the text survives ("<file>:2:17: ERROR: <text>"). */
function compileMessage(error: unknown): { text: string; position?: SourcePosition } {
  const message = messageOf(error);
  const located = [...message.matchAll(/^.*?:(\d+):(\d+): ERROR: (.*)$/gm)];
  if (located.length === 0) return { text: message.split('\n')[0]! };
  const [first] = located;
  // esbuild counts columns from 0; editors and compilers from 1.
  return { text: located.map((m) => m[3]).join('; '), position: { line: Number(first![1]), column: Number(first![2]) + 1 } };
}
