// The CRDs a chart archive ships in crds/ folders (its own and its subcharts'), read without running helm: the
// renderer needs them before any chart is templated, and a helm process per chart costs ~50 ms. The archive is read
// by chart-archive.ts.
import { isCrd, type KubeObject } from '../model/kube-object.ts';
import { readKubeYaml, type KnownDocuments } from '../yaml/read-kube-yaml.ts';

export const CRD_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*crds\/[^/]+\.(?:ya?ml|json)$/;

/** A crds/ file: `name` says where it is (`<archive>: <path>`, `<archive>:<subchart archive>: <path>`). */
export interface CrdFile {
  readonly name: string;
  readonly content: Buffer;
}

/** The CRDs of `files`, in order. `known` keeps what was read, for the same documents in `helm template` output. */
export function crdsOf(files: readonly CrdFile[], known: KnownDocuments | undefined): KubeObject[] {
  const crds: KubeObject[] = [];
  for (const { name, content } of files) {
    // Warnings are dropped here: `helm template --include-crds` prints the same files, and that reading reports them.
    for (const value of readKubeYaml(content, name, known && { known }).documents) {
      if (typeof value === 'object' && isCrd(value as KubeObject)) crds.push(value as KubeObject);
    }
  }
  return crds;
}
