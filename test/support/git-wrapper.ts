// A `git` first on PATH that records every argv homelab passes, and can make a rival push land just before
// homelab's first push (a real lost race, deterministically). It then runs the real git.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { hostEnv } from './env.ts';
import { tempDir } from './source-repo.ts';

export interface GitWrapper {
  /** Put first on PATH in the environment handed to homelab. */
  readonly dir: string;
  /** Every argv seen so far, one array per git run. */
  argv(): Promise<string[][]>;
  /** The PATH value to use. */
  readonly path: string;
}

/**
 * `rivalRepo`: a clone whose HEAD is pushed to its origin's `main` right before homelab's first `push`;
 * the real git's path is resolved now, so the wrapper never calls itself.
 */
export async function gitWrapper(options: { rivalRepo?: string; rivalBranch?: string } = {}): Promise<GitWrapper> {
  const dir = await tempDir('homelab-git-wrapper-');
  const realGit = (await promisify(execFile)('sh', ['-c', 'command -v git'])).stdout.trim();
  const log = path.join(dir, 'argv.log');
  const marker = path.join(dir, 'rival-pushed');
  const rival = options.rivalRepo
    ? `if [ "$3" = push ] && [ ! -e '${marker}' ]; then
  : > '${marker}'
  '${realGit}' -C '${options.rivalRepo}' push --quiet origin HEAD:refs/heads/${options.rivalBranch ?? 'main'} >/dev/null 2>&1 || exit 99
fi
`
    : '';
  const script = `#!/bin/sh
for arg in "$@"; do printf '%s\\001' "$arg" >> '${log}'; done
printf '\\n' >> '${log}'
${rival}exec '${realGit}' "$@"
`;
  await writeFile(path.join(dir, 'git'), script, { mode: 0o755 });
  await writeFile(log, '');
  return {
    dir,
    path: `${dir}${path.delimiter}${hostEnv().PATH ?? ''}`,
    async argv() {
      const text = await readFile(log, 'utf8');
      return text.split('\n').filter(Boolean).map((line) => line.split('\x01').slice(0, -1));
    },
  };
}
