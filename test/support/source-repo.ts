// Creates throwaway source repositories on disk for tests, from a map of file contents.
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

export const FLUX_YAML = `apiVersion: v1alpha1
kind: HomelabFluxConfig
repo: https://git.example.com/me/manifests.git
`;

/** Source repos are ES modules, as `homelab init` makes them, so templates can import "homelab". */
export const PACKAGE_JSON = '{ "private": true, "type": "module" }\n';

/** An apps.yaml with the given `apps:` body (YAML, indented by two spaces). */
export function appsYaml(apps: string): string {
  return `apiVersion: v1alpha1\nkind: HomelabAppsConfig\napps:\n${apps}`;
}

const created: string[] = [];
after(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temp directory removed after the test file finishes. */
export async function tempDir(prefix = 'homelab-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) into a new temp source repo; flux.yaml defaults to FLUX_YAML. */
export async function sourceRepo(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('homelab-source-');
  const all = { 'config/flux.yaml': FLUX_YAML, 'package.json': PACKAGE_JSON, ...files };
  for (const [file, content] of Object.entries(all)) {
    if (content === undefined) continue;
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

/** The bundled example source repo. */
export const EXAMPLE_DIR = fileURLToPath(new URL('../../example/', import.meta.url));

/** A throwaway copy of example/ (without a generated manifests/ folder), for tests that edit it. */
export async function exampleCopy(): Promise<string> {
  const dir = await tempDir('homelab-example-');
  const generated = path.join(EXAMPLE_DIR, 'manifests');
  await cp(EXAMPLE_DIR, dir, { recursive: true, filter: (src) => src !== generated && !src.startsWith(generated + path.sep) });
  return dir;
}
