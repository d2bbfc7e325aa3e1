// Gives templates read access to the source repository, and nothing outside it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HomelabError, type Problem } from '../errors.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';
import type { SourceFiles } from './contract.ts';

/** `warnings` collects what the YAML reader reports without failing (duplicate keys, ignored tags). */
export function sourceFiles(sourceDir: string, warnings: Problem[] = []): SourceFiles {
  const root = path.resolve(sourceDir);
  const resolve = (relativePath: string): string => {
    const absolute = path.resolve(root, relativePath);
    if (absolute !== root && !absolute.startsWith(root + path.sep)) {
      throw new HomelabError(`"${relativePath}" is outside the source repository; templates may only read files inside it`);
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
