// The flux-bootstrap manifests (the Kustomization `flux` → ./<appsPath>/flux): from a render or a fresh one.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { APP_OF_APPS_DIR, FLUX_BOOTSTRAP_DIR, type ManifestTree } from '../model/tree.ts';
import { APP_OF_APPS } from '../render/app-of-apps.ts';

export interface BootstrapManifests {
  /** The YAML stream to apply. */
  readonly manifests: string;
  /** Kustomizations bootstrap waits for: `flux` and one per app in the app-of-apps. */
  readonly kustomizations: readonly string[];
}

/** From a fresh render's tree. */
export function fromTree(tree: ManifestTree): BootstrapManifests {
  const files = [...tree.keys()].sort();
  return assemble(
    files.filter((file) => file.startsWith(`${FLUX_BOOTSTRAP_DIR}/`)).map((file) => tree.get(file)!),
    files.filter((file) => file.startsWith(`${APP_OF_APPS_DIR}/`)),
    'the render',
  );
}

/** From `generate-manifests --output DIR` (`--manifests DIR`). */
export async function fromDirectory(dir: string): Promise<BootstrapManifests> {
  const yaml = async (sub: string) =>
    (await readdir(path.join(dir, sub)).catch(() => [] as string[])).filter((file) => file.endsWith('.yaml')).sort();
  const bootstrapFiles = await yaml(FLUX_BOOTSTRAP_DIR);
  const contents = await Promise.all(bootstrapFiles.map((file) => readFile(path.join(dir, FLUX_BOOTSTRAP_DIR, file), 'utf8')));
  return assemble(contents, (await yaml(APP_OF_APPS_DIR)).map((file) => `${APP_OF_APPS_DIR}/${file}`), `--manifests "${dir}"`);
}

function assemble(contents: readonly string[], appFiles: readonly string[], where: string): BootstrapManifests {
  if (contents.length === 0) throw new HomelabError(`failed to find the flux-bootstrap manifests: ${where} has no ${FLUX_BOOTSTRAP_DIR}/*.yaml`);
  const apps = appFiles.map((file) => path.posix.basename(file, '.yaml'));
  return { manifests: contents.map((text) => text.replace(/\n*$/, '\n')).join('---\n'), kustomizations: [APP_OF_APPS, ...apps] };
}
