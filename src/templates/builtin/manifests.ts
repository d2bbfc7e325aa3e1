// Built-in template `manifests`: plain YAML files from the source repo, deployed as an app.
import { Chart } from 'cdk8s';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineTemplate } from '../contract.ts';
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
      for (const file of yamlFiles(app.files.resolve(entry), entry)) {
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

/** The YAML files at `absolute` (a file, or a directory walked in name order), as repo-relative paths. */
function yamlFiles(absolute: string, relative: string): string[] {
  let info;
  try {
    info = statSync(absolute);
  } catch (error) {
    throw new Error(`"${relative}" not found in the source repository`, { cause: error });
  }
  if (!info.isDirectory()) return [relative];
  const files = readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) return yamlFiles(path.join(absolute, entry.name), child);
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    });
  if (files.length === 0) throw new Error(`"${relative}" holds no .yaml or .yml files`);
  return files;
}
