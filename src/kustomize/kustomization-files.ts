// Checks a kustomization before kustomize builds it: renders are offline and read only the source repo, so every
// resource, component and base must be a file or directory inside it (kustomize itself would fetch remote ones).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { KustomizeBuildError } from '../render/kustomize-builder.ts';

const FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization's absolute directory, once it and everything it includes are local to the source repo. */
export async function checkKustomization(sourceDir: string, relative: string): Promise<string> {
  const root = path.resolve(sourceDir);
  const dir = path.resolve(root, relative);
  walk(root, dir, relative, new Set());
  return dir;
}

function walk(root: string, dir: string, shown: string, seen: Set<string>): void {
  if (seen.has(dir)) return;
  seen.add(dir);
  if (!inside(root, dir)) throw new KustomizeBuildError(`"${shown}" is outside the source repository`);
  const file = FILE_NAMES.map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file) {
    if (!existsSync(dir)) throw new KustomizeBuildError(`directory "${shown}" not found in the source repository`);
    throw new KustomizeBuildError(`"${shown}" holds no kustomization.yaml`);
  }
  let kustomization: unknown;
  try {
    kustomization = parse(readFileSync(file, 'utf8'));
  } catch {
    return; // kustomize reports the syntax error in its own words
  }
  const fields = kustomization as { resources?: unknown; components?: unknown; bases?: unknown } | null;
  for (const field of ['resources', 'components', 'bases'] as const) {
    const entries = fields?.[field];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (typeof entry !== 'string') continue;
      const where = `${path.relative(root, file).split(path.sep).join('/')}: ${field}`;
      if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\/|\?ref=|\/\/[^/]/i.test(entry)) {
        throw new KustomizeBuildError(`${where} "${entry}" is remote; homelab renders offline from the source repository: vendor it into the repository (or into assets/ with refresh-assets) and refer to it by path`);
      }
      const target = path.resolve(dir, entry);
      if (!inside(root, target)) throw new KustomizeBuildError(`${where} "${entry}" is outside the source repository`);
      if (existsSync(target) && statSync(target).isDirectory()) walk(root, target, path.relative(root, target).split(path.sep).join('/'), seen);
    }
  }
}

function inside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}
