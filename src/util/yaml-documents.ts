// Every YAML document of a text as plain values, read as kubectl reads them; kept for callers not yet on readKubeYaml
// (src/yaml/read-kube-yaml.ts), which new code should call directly: it also returns warnings and takes bytes.
import { ConfigError, formatProblem, HomelabError } from '../errors.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';

/** `describe` turns the reader's located message (`line:col: message`) into the error text, naming what was read. */
export function yamlDocuments(text: string, describe: (message: string) => string): unknown[] {
  try {
    return readKubeYaml(text, 'input').documents;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [problem] = error.problems;
    throw new HomelabError(describe(formatProblem(problem!).replace(/^input:/, 'line ')), { cause: error });
  }
}
