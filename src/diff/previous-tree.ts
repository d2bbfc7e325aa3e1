// The render to compare against: a manifests directory on disk, or <appsPath>/ at a ref of a local manifests repo clone.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { FLUX_BOOTSTRAP_DIR, type ManifestTree } from '../model/tree.ts';
import { ProcessNotFoundError, run } from '../process/run.ts';
import { GIT, locateTool } from '../tools/find-tool.ts';

export interface PreviousSource {
  /** A directory, or a git ref (branch, tag, commit, `origin/main`, `HEAD~1`) of `repo`. */
  readonly against: string;
  /** The git repository refs are resolved in. @default the current directory */
  readonly repo?: string;
  /** Where the apps live inside the manifests repo (flux.yaml `appsPath`). */
  readonly appsPath: string;
  /** The environment git runs with: the CLI's. */
  readonly env: NodeJS.ProcessEnv;
}

export interface PreviousTree {
  readonly tree: ManifestTree;
  /** How the output names what was compared against: `directory "out"` or `apps/ at "main" (1a2b3c4) of "."`. */
  readonly label: string;
}

/**
 * A directory wins over a ref of the same name. A directory is either what `generate-manifests --output` wrote
 * (`DIR/<app>/*.yaml`) or a manifests repo checkout (`DIR/<appsPath>/<app>/*.yaml`, used when DIR has no flux-bootstrap/).
 */
export async function loadPreviousTree(source: PreviousSource): Promise<PreviousTree> {
  const info = await stat(source.against).catch(() => undefined);
  if (info?.isDirectory()) {
    const nested = path.join(source.against, source.appsPath);
    const useNested = !(await isDirectory(path.join(source.against, FLUX_BOOTSTRAP_DIR))) && (await isDirectory(nested));
    const root = useNested ? nested : source.against;
    return { tree: await readDirectoryTree(root), label: `directory "${root}"` };
  }
  if (info) throw new HomelabError(`--against "${source.against}" is a file: pass a manifests directory or a git ref`);
  return readGitTree(source);
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

async function readDirectoryTree(root: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.ya?ml$/.test(entry.name)) tree.set(path.relative(root, full).split(path.sep).join('/'), await readFile(full, 'utf8'));
    }
  };
  await walk(root);
  return tree;
}

async function readGitTree({ against, repo = '.', appsPath, env }: PreviousSource): Promise<PreviousTree> {
  const command = locateTool(GIT, env).path;
  const git = async (args: string[], input?: string) => {
    try {
      return await run(command, ['-C', repo, ...args], { env, ...(input !== undefined && { input }) });
    } catch (error) {
      if (error instanceof ProcessNotFoundError) throw new HomelabError('git is not installed: homelab diff --against REF needs it', { cause: error });
      throw error;
    }
  };
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  const bare = await git(['rev-parse', '--is-bare-repository']);
  if (inside.code !== 0 && bare.stdout.trim() !== 'true') {
    throw new HomelabError(`--against "${against}" is neither a directory nor a git ref: "${repo}" is not a git repository (pass --repo DIR, a clone of the manifests repository)`);
  }
  const resolved = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${against}^{commit}`]);
  if (resolved.code !== 0) {
    throw new HomelabError(`--against "${against}" is neither a directory nor a git ref of "${repo}"; for a remote branch, fetch it first and pass e.g. "origin/main"`);
  }
  const commit = resolved.stdout.trim();
  const listed = await git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', `${appsPath}/`]);
  if (listed.code !== 0) throw new HomelabError(`failed to list "${appsPath}/" at "${against}": ${listed.stderr.trim()}`);
  const blobs: { path: string; sha: string }[] = [];
  for (const line of listed.stdout.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (match && /\.ya?ml$/.test(match[2]!)) blobs.push({ sha: match[1]!, path: match[2]!.slice(appsPath.length + 1) });
  }
  const tree = new Map<string, string>();
  if (blobs.length > 0) {
    const batch = await git(['cat-file', '--batch'], blobs.map((blob) => `${blob.sha}\n`).join(''));
    if (batch.code !== 0) throw new HomelabError(`failed to read "${appsPath}/" at "${against}": ${batch.stderr.trim()}`);
    const bytes = Buffer.from(batch.stdout, 'utf8');
    let offset = 0;
    for (const blob of blobs) {
      const headerEnd = bytes.indexOf(10, offset);
      const size = Number(bytes.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
      const start = headerEnd + 1;
      if (!Number.isFinite(size) || bytes[start + size] !== 10) throw new HomelabError(`failed to read "${appsPath}/${blob.path}" at "${against}": not UTF-8 text`);
      tree.set(blob.path, bytes.subarray(start, start + size).toString('utf8'));
      offset = start + size + 1;
    }
  }
  return { tree, label: `${appsPath}/ at "${against}" (${commit.slice(0, 7)}) of "${repo}"` };
}
