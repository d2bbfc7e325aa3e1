// Gives templates read access to the source repository, and nothing outside it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { yamlDocuments } from '../util/yaml-documents.ts';
import type { SourceFiles } from './contract.ts';

export function sourceFiles(sourceDir: string): SourceFiles {
  const root = path.resolve(sourceDir);
  const resolve = (relativePath: string): string => {
    const absolute = path.resolve(root, relativePath);
    if (absolute !== root && !absolute.startsWith(root + path.sep)) {
      throw new HomelabError(`"${relativePath}" is outside the source repository; templates may only read files inside it`);
    }
    return absolute;
  };
  const read = (relativePath: string): string => {
    try {
      return readFileSync(resolve(relativePath), 'utf8');
    } catch (error) {
      if (error instanceof HomelabError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new HomelabError(code === 'ENOENT' ? `file "${relativePath}" not found in the source repository` : `cannot read "${relativePath}": ${(error as Error).message}`, { cause: error });
    }
  };
  const readYaml = (relativePath: string): unknown[] =>
    yamlDocuments(read(relativePath), (message) => `invalid YAML in "${relativePath}": ${message}`);
  return { resolve, read, readYaml };
}
