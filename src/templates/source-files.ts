// Gives templates read access to the source repository, and nothing outside it: a path that leaves it, by ".."
// or through a symlink (to a file or a directory), is refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HomelabError, type Problem } from '../errors.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';
import type { SourceFiles } from './contract.ts';
import { physicalPath, SymlinkLoopError } from '../util/physical-path.ts';

/** `warnings` collects what the YAML reader reports without failing (duplicate keys, ignored tags). */
export function sourceFiles(sourceDir: string, warnings: Problem[] = []): SourceFiles {
  const root = path.resolve(sourceDir);
  let physicalRoot: string | undefined;
  const resolve = (relativePath: string): string => {
    const absolute = path.resolve(root, relativePath);
    if (!isWithin(root, absolute)) {
      throw new HomelabError(`"${relativePath}" is outside the source repository; templates may only read files inside it`);
    }
    physicalRoot ??= physicalPath(root);
    let physical: string;
    try {
      physical = physicalPath(absolute);
    } catch (error) {
      if (error instanceof SymlinkLoopError) throw new HomelabError(`"${relativePath}" is a symlink loop: following its links never reaches a file or directory`, { cause: error });
      throw error;
    }
    if (!isWithin(physicalRoot, physical)) {
      throw new HomelabError(`"${relativePath}" leads outside the source repository through a symlink (to "${physical}"); templates may only read files inside it`);
    }
    return absolute;
  };
  const readBytes = (relativePath: string): Buffer => {
    try {
      return readFileSync(resolve(relativePath));
    } catch (error) {
      if (error instanceof HomelabError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new HomelabError(code === 'ENOENT' ? `file "${relativePath}" not found in the source repository` : `cannot read "${relativePath}": ${(error as Error).message}`, { cause: error });
    }
  };
  const read = (relativePath: string): string => readBytes(relativePath).toString('utf8');
  // Read as kubectl reads it (YAML 1.1); errors are located at relativePath:line:col.
  const readYaml = (relativePath: string): unknown[] => {
    const { documents, warnings: found } = readKubeYaml(readBytes(relativePath), relativePath);
    warnings.push(...found);
    return documents;
  };
  return { resolve, read, readYaml };
}

function isWithin(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}
