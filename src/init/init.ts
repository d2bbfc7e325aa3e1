// `homelab init DIR`: writes a new source repository; refuses a non-empty directory unless forced, and
// reports every file it replaces.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
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
  const written: InitResult['files'][number][] = [];
  for (const [file, content] of files) {
    const target = path.join(root, file);
    const before = await readFile(target, 'utf8').catch(() => undefined);
    if (before === content) {
      written.push({ path: file, action: 'unchanged' });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push({ path: file, action: before === undefined ? 'created' : 'overwritten' });
  }
  return { dir: options.dir, files: written };
}
