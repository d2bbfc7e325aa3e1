// `homelab init DIR`: writes a new source repository; refuses a non-empty directory unless forced, and
// reports every file it replaces.
import { constants } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { physicalPath } from '../util/physical-path.ts';
import { packageName, scaffoldFiles } from './files.ts';

export interface InitOptions {
  readonly dir: string;
  /** Write into a non-empty directory, replacing files of the same names. @default false */
  readonly force?: boolean;
  /** The homelab version the new repository depends on. */
  readonly homelabVersion: string;
}

export interface InitResult {
  readonly dir: string;
  /** Every scaffold file and what happened to it. */
  readonly files: readonly { readonly path: string; readonly action: 'created' | 'overwritten' | 'unchanged' }[];
}

export async function initSourceRepo(options: InitOptions): Promise<InitResult> {
  const root = path.resolve(options.dir);
  const existing = (await readdir(root).catch(() => [])).filter((name) => name !== '.git');
  if (existing.length > 0 && !options.force) {
    const shown = existing.sort().slice(0, 3).map((name) => `"${name}"`).join(', ') + (existing.length > 3 ? ` and ${existing.length - 3} more` : '');
    throw new HomelabError(`"${options.dir}" is not empty (${shown}); --force is needed to write into it (files of the same names are replaced, others kept)`);
  }
  const files = scaffoldFiles({ name: packageName(path.basename(root)), homelabVersion: options.homelabVersion });
  // Every file is checked before any is written: none may land outside the directory through a symlink.
  for (const file of files.keys()) await checkInside(root, file, options.dir);
  const written: InitResult['files'][number][] = [];
  for (const [file, content] of files) {
    const target = path.join(root, file);
    const before = await readFile(target, 'utf8').catch(() => undefined);
    if (before === content) {
      written.push({ path: file, action: 'unchanged' });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const link = (await lstat(target).catch(() => undefined))?.isSymbolicLink();
    // O_NOFOLLOW: a symlink put in place after the check is refused (ELOOP), not written through.
    await writeFile(target, content, { flag: link ? 'w' : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW });
    written.push({ path: file, action: before === undefined ? 'created' : 'overwritten' });
  }
  return { dir: options.dir, files: written };
}

/** Refuses a scaffold file whose directory or own symlink leads outside `root` (or a symlink that leads nowhere). */
async function checkInside(root: string, file: string, shown: string): Promise<void> {
  const physicalRoot = physicalPath(root);
  const target = path.join(root, file);
  const within = (candidate: string) => candidate === physicalRoot || candidate.startsWith(physicalRoot + path.sep);
  const parent = physicalPath(path.dirname(target));
  if (!within(parent)) throw new HomelabError(`refusing to write "${file}": its directory leads outside "${shown}" through a symlink (to "${parent}"); nothing was written`);
  if (!(await lstat(target).catch(() => undefined))?.isSymbolicLink()) return;
  const resolved = await realpath(target).catch(() => undefined);
  if (!resolved || !within(resolved)) {
    throw new HomelabError(`refusing to write "${file}": it is a symlink to ${resolved ? `"${resolved}", outside "${shown}"` : 'a file that does not exist'}; remove the symlink or choose another directory; nothing was written`);
  }
}
