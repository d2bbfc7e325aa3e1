// Makes one commit that replaces a directory of the parent's tree with new files, in a single `git fast-import`.
import type { Git } from './run-git.ts';

export interface Identity {
  readonly name: string;
  readonly email: string;
}

export interface DirectoryCommit {
  /** The commit to build on; none makes a root commit holding only `dir`. */
  readonly parent?: string;
  /** The directory replaced as a whole, e.g. `apps`; everything else in the parent's tree is kept as it is. */
  readonly dir: string;
  /** Its new content: path relative to `dir` → file content. */
  readonly files: ReadonlyMap<string, string>;
  readonly message: string;
  readonly author: Identity;
  readonly committer: Identity;
  readonly date: Date;
}

/**
 * Writes the commit to `ref` and returns its id. fast-import takes the parent's tree entries as they are, so
 * files outside `dir` keep their bytes, modes and symlinks, and the parent's blobs are never needed (shallow is fine).
 */
export function commitDirectory(git: Git, repoDir: string, ref: string, commit: DirectoryCommit): Promise<string> {
  return commitDirectories(git, repoDir, ref, { ...commit, directories: [{ dir: commit.dir, files: commit.files }] });
}

/** Like commitDirectory, for several directories replaced in one commit (several clusters' appsPaths in one repo). */
export async function commitDirectories(
  git: Git,
  repoDir: string,
  ref: string,
  commit: Omit<DirectoryCommit, 'dir' | 'files'> & { readonly directories: readonly Pick<DirectoryCommit, 'dir' | 'files'>[] },
): Promise<string> {
  const when = `${Math.floor(commit.date.getTime() / 1000)} +0000`;
  const message = Buffer.from(commit.message);
  const head = [
    `commit ${ref}`,
    `author ${person(commit.author)} ${when}`,
    `committer ${person(commit.committer)} ${when}`,
    `data ${message.length}`,
  ].join('\n');
  const chunks: (string | Buffer)[] = [`${head}\n`, message, '\n'];
  if (commit.parent) chunks.push(`from ${commit.parent}\n`);
  for (const { dir, files } of commit.directories) {
    chunks.push(`D ${quotePath(dir)}\n`);
    for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const data = Buffer.from(content);
      chunks.push(`M 100644 inline ${quotePath(`${dir}/${file}`)}\ndata ${data.length}\n`, data, '\n');
    }
  }
  chunks.push('done\n');
  await git.output(['fast-import', '--quiet', '--done', '--date-format=raw'], { cwd: repoDir, input: chunks });
  return (await git.output(['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoDir })).trim();
}

function person(identity: Identity): string {
  return `${identity.name} <${identity.email}>`;
}

/** fast-import's C-style quoting, needed only for paths with quotes, backslashes or control characters. */
function quotePath(file: string): string {
  if (!/["\\\n\r\t]|^"/.test(file) && !/[\x00-\x1f]/.test(file)) return file;
  return `"${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}
