// Where a path really leads once every symlink in it is followed, also for paths that do not exist (yet).
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** The path's links lead round in a circle (ELOOP). */
export class SymlinkLoopError extends Error {
  override readonly name = 'SymlinkLoopError';
}

/** realpath of the longest existing prefix, plus the rest as written. */
export function physicalPath(absolute: string): string {
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new SymlinkLoopError(`symlink loop at "${existing}"`, { cause: error });
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}
