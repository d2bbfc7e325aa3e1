// Reads the CRDs a chart archive ships in crds/ folders (its own and its subcharts'), without running
// helm: the renderer needs them before any chart is templated, and a helm process per chart costs ~50 ms.
import { readFile } from 'node:fs/promises';
import { Parser, type ReadEntry } from 'tar';
import { isCrd, type KubeObject } from '../model/kube-object.ts';
import { readKubeYaml, type KnownDocuments } from '../yaml/read-kube-yaml.ts';

const CRD_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*crds\/[^/]+\.(?:ya?ml|json)$/;
const SUBCHART_ARCHIVE = /^[^/]+\/(?:charts\/[^/]+\/)*charts\/[^/]+\.tgz$/;

/** `known` keeps what was read, for the same documents in the chart's `helm template --include-crds` output. */
export async function chartCrds(archive: string, known?: KnownDocuments): Promise<KubeObject[]> {
  return crdsIn(await readFile(archive), archive, known);
}

async function crdsIn(archive: Buffer, name: string, known: KnownDocuments | undefined): Promise<KubeObject[]> {
  const files = await entries(archive, (path) => CRD_FILE.test(path) || SUBCHART_ARCHIVE.test(path));
  const crds: KubeObject[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (SUBCHART_ARCHIVE.test(path)) {
      crds.push(...(await crdsIn(content, `${name}:${path}`, known)));
      continue;
    }
    // Warnings are dropped here: `helm template --include-crds` prints the same files, and that reading reports them.
    for (const value of readKubeYaml(content, `${name}: ${path}`, known && { known }).documents) {
      if (typeof value === 'object' && isCrd(value as KubeObject)) crds.push(value as KubeObject);
    }
  }
  return crds;
}

/** The files of a (gzipped) tar whose paths `wanted` accepts, read into memory. */
export function entries(archive: Buffer, wanted: (path: string) => boolean): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    const parser = new Parser({
      filter: (path) => wanted(path),
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File') {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.set(entry.path, Buffer.concat(chunks)));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(files));
    parser.end(archive);
  });
}
