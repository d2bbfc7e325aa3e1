// Looks for a secret everywhere a test can: every file's raw bytes under some roots, and every object of every
// git repository there, decompressed (a token in a commit or blob would not show in the packed bytes).
import { execFile } from 'node:child_process';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The places (file paths, or `git object in <repo>`) where any of `needles` occurs. */
export async function findSecret(roots: readonly string[], needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const check = (where: string, data: Buffer | string) => {
    if (needles.some((needle) => data.includes(needle))) found.push(where);
  };
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'objects' && (await isGitDir(dir))) check(`git objects in ${dir}`, await allObjects(dir));
        await walk(full);
      } else if (entry.isFile()) {
        check(full, await readFile(full));
      } else if (entry.isSymbolicLink()) {
        check(full, full);
      }
    }
  };
  for (const root of roots) await walk(root);
  return found;
}

async function isGitDir(dir: string): Promise<boolean> {
  return (await lstat(path.join(dir, 'HEAD')).catch(() => undefined))?.isFile() ?? false;
}

function allObjects(gitDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['--git-dir', gitDir, 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: 512 * 1024 * 1024, encoding: 'latin1' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}
