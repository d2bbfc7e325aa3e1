// Reads a directory tree as {relative path: content}, for whole-tree assertions.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export async function readTree(root: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else tree[path.relative(root, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
    }
  };
  await walk(root);
  return tree;
}
