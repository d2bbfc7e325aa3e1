// Finds the templates a config uses: built-ins from the package, user templates from <source>/templates/<name>/index.ts.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HomelabConfig } from '../config/model.ts';
import { causedBy, ConfigError, messageOf, type Problem, type SourcePosition } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { importTemplate, TemplateCompileError } from './compile.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { isTemplate, type Template, type TemplateSet } from './contract.ts';

export interface TemplateSources {
  /** Templates shipped in the package, by name. */
  readonly builtins: TemplateSet;
  /** Compiled user templates by their bundle's digest (the render cache); none: compiled on every run. */
  readonly compiled?: ContentCache;
}

/** Loads every template the config refers to; unknown or broken templates are reported together. */
export async function loadTemplates(config: HomelabConfig, sources: TemplateSources): Promise<TemplateSet> {
  const userNames = await listUserTemplates(config.sourceDir);
  const known = [...new Set([...sources.builtins.keys(), ...userNames])].sort();
  const problems: Problem[] = [];
  const failures: unknown[] = [];
  const loaded = new Map<string, Template>();

  const wanted = new Map<string, number>();
  for (const app of config.apps) if (!wanted.has(app.template)) wanted.set(app.template, app.index);

  await Promise.all([...wanted].map(async ([name, index]) => {
    if (userNames.includes(name)) {
      try {
        loaded.set(name, await importUserTemplate(config.sourceDir, name, sources.compiled));
      } catch (error) {
        const position = (error as { position?: SourcePosition }).position;
        problems.push({ file: userTemplateFile(name), ...(position && { position }), message: messageOf(error) });
        failures.push(error);
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

  if (problems.length > 0) throw new ConfigError(problems.sort((a, b) => a.file.localeCompare(b.file)), causedBy(failures));
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

async function importUserTemplate(sourceDir: string, name: string, compiled: ContentCache | undefined): Promise<Template> {
  const file = path.join(sourceDir, userTemplateFile(name));
  let module: { default?: unknown };
  try {
    module = await importTemplate(file, sourceDir, compiled);
  } catch (error) {
    const located = error instanceof TemplateCompileError ? error : undefined;
    // An error in a file the template imports still belongs to the template; name that file in the text.
    const elsewhere = located?.file && path.resolve(sourceDir, located.file) !== file ? ` (in ${located.file.split(path.sep).join('/')})` : '';
    const position = elsewhere ? undefined : located?.position;
    throw Object.assign(new Error(`template "${name}" failed to load: ${located ? located.message : messageOf(error)}${elsewhere}`, { cause: error }), { position });
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
