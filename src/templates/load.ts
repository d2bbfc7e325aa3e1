// Finds the templates a config uses: built-ins from the package, user templates from <source>/templates/<name>/index.ts.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, messageOf, type Problem } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
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
        problems.push({ file: userTemplateFile(name), message: messageOf(error) });
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
    registerModuleAliases();
    const { register } = await import('tsx/esm/api');
    tsxImport = register({ namespace: 'homelab-templates' }).import;
  }
  return tsxImport(pathToFileURL(file).href, import.meta.url);
}

async function importUserTemplate(sourceDir: string, name: string): Promise<Template> {
  const file = path.join(sourceDir, userTemplateFile(name));
  let module: { default?: unknown };
  try {
    module = (await importTypeScript(file)) as { default?: unknown };
  } catch (error) {
    throw new Error(`template "${name}" failed to load: ${compileMessage(error)}`, { cause: error });
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

/** esbuild's errors carry a location per message; keep them short and relative. */
function compileMessage(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((e) => (e.location ? `${e.location.line}:${e.location.column + 1} ${e.text}` : e.text)).join('; ');
  }
  return messageOf(error).split('\n')[0]!;
}
