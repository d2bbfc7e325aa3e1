// Says in words what a failed filesystem call on the output means, naming the user's path rather than a temp name.
import { statSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../errors.ts';

/** The longest file name most filesystems take (NAME_MAX), in bytes. */
export const NAME_MAX = 255;

/**
 * `target` is the output's absolute path, `shown` how the user named it; `inTree` maps a path inside the staging
 * directory back to the tree's file name.
 */
export function describeFsError(error: unknown, target: string, shown: string, inTree: (file: string) => string | undefined = () => undefined): string {
  const { code, path: where } = error as NodeJS.ErrnoException;
  const file = where ? inTree(where) : undefined;
  switch (code) {
    case 'EROFS':
      return `"${shown}" is on a read-only filesystem`;
    case 'ENOSPC':
      return `no space left on the device holding "${shown}"`;
    case 'EDQUOT':
      return `the disk quota of the filesystem holding "${shown}" is exhausted`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied${file ? ` writing "${file}"` : ''} in "${where ? displayPath(where, target, shown) : shown}"`;
    case 'ENOTDIR': {
      const blocker = fileAncestor(target);
      return blocker ? `"${displayPath(blocker, target, shown)}" is a file, not a directory` : messageOf(error);
    }
    case 'ENAMETOOLONG': {
      const long = (file ?? where ?? '').split(/[\\/]/).find((part) => Buffer.byteLength(part) > NAME_MAX);
      return long ? `the file name "${long}"${file ? ` (in "${file}")` : ''} is ${Buffer.byteLength(long)} bytes, longer than the filesystem allows (${NAME_MAX})` : `a path is longer than the filesystem allows: ${messageOf(error)}`;
    }
    default:
      return messageOf(error);
  }
}

/** The nearest ancestor of `target` that exists and is not a directory. */
function fileAncestor(target: string): string | undefined {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const info = statOrUndefined(dir);
    if (info && !info.isDirectory()) return dir;
  }
  return undefined;
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** `where` relative to how the user named the output, when it lies at or around it. */
function displayPath(where: string, target: string, shown: string): string {
  const relative = path.relative(path.dirname(target), where);
  if (relative.startsWith('..')) return where;
  return path.join(path.dirname(shown), relative);
}
