// Built-in template `manifests`: plain YAML files from the source repo, deployed as an app.
import { Chart } from 'cdk8s';
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineTemplate, type SourceFiles } from '../contract.ts';
import { addObjects } from '../helpers.ts';

export const manifestsOptions = z.strictObject({
  /** Files or directories (every *.yaml / *.yml inside, recursively, in name order), relative to the source repo. */
  paths: z.array(z.string().min(1)).min(1, { error: 'list at least one file or directory' }),
  /**
   * Put every namespaced object in the app's namespace, even those that name another one
   * (like kustomize's `namespace:`). @default false: only objects without a namespace get the app's
   */
  forceNamespace: z.boolean().default(false),
});

export default defineTemplate({
  name: 'manifests',
  description: 'plain Kubernetes YAML files from the source repository',
  options: manifestsOptions,
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    for (const entry of app.options.paths) {
      for (const file of yamlFiles(app.files, entry)) {
        const objects = app.files.readYaml(file);
        if (app.options.forceNamespace) {
          // The renderer fills in the app's namespace wherever the kind is namespaced.
          for (const object of objects) delete (object as { metadata?: { namespace?: string } }).metadata?.namespace;
        }
        addObjects(chart, objects, file);
      }
    }
    return chart;
  },
});

/** The paths the `manifests` apps among `apps` read, relative to the source repository. */
export function manifestsPaths(apps: readonly { readonly template: string; readonly options: Readonly<Record<string, unknown>> | null }[]): string[] {
  return apps
    .filter((app) => app.template === 'manifests')
    .flatMap((app) => (Array.isArray(app.options?.paths) ? app.options.paths.filter((entry): entry is string => typeof entry === 'string') : []));
}

/**
 * The YAML files at `relative` (a file, or a directory walked in name order, following symlinks that stay inside the
 * source repository), as repo-relative paths. A symlinked directory that leads back into one being walked is a loop.
 */
function yamlFiles(files: SourceFiles, relative: string, walking: readonly { path: string; real: string }[] = []): string[] {
  const absolute = files.resolve(relative);
  let info;
  try {
    info = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new Error(`"${relative}" is a symlink loop: following its links never reaches a file or directory`, { cause: error });
    const link = lstatOrUndefined(absolute);
    if (link?.isSymbolicLink()) throw new Error(`"${relative}" is a symlink to "${readlinkSync(absolute)}", which does not exist`, { cause: error });
    throw new Error(`"${relative}" not found in the source repository`, { cause: error });
  }
  if (!info.isDirectory()) return [relative];
  const real = realpathSync(absolute);
  const ancestor = walking.find((dir) => dir.real === real);
  if (ancestor) throw new Error(`symlink loop: "${relative}" leads back to "${ancestor.path}", which contains it`);
  const inside = [...walking, { path: relative, real }];
  const found = readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) return yamlFiles(files, child, inside);
      if (entry.isSymbolicLink() && (/\.ya?ml$/.test(entry.name) || statOrUndefined(path.join(absolute, entry.name))?.isDirectory() || isLoop(path.join(absolute, entry.name)))) {
        return yamlFiles(files, child, inside);
      }
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    });
  if (found.length === 0) throw new Error(`"${relative}" holds no .yaml or .yml files`);
  return found;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function isLoop(file: string): boolean {
  try {
    statSync(file);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
}
