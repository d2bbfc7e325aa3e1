// Every CRD a chart provides, for typed classes: its crds/ folders (its own and its subcharts') and the CRDs its
// templates render, found by running the real `helm template` once at refresh time.
import { HomelabError } from '../errors.ts';
import type { Helm } from '../helm/helm-binary.ts';
import { isCrd, type KubeObject } from '../model/kube-object.ts';
import { emitYaml } from '../render/yaml-emitter.ts';
import { yamlDocuments } from '../util/yaml-documents.ts';

/**
 * The CRDs of the chart archive rendered with its defaults plus `values`, as one YAML stream sorted by name.
 * `kubeVersion` is the cluster's (charts may require one); the release is named after the chart.
 */
export async function chartCrdsYaml(helm: Helm, archive: string, values: Readonly<Record<string, unknown>>, kubeVersion: string): Promise<string> {
  const name = archive.split('/').pop()!;
  const result = await helm.run([
    'template', 'crds', archive, '--namespace', 'default', '--kube-version', kubeVersion, '--include-crds', '--skip-tests', '--values', '-',
  ], { input: JSON.stringify(values) });
  if (result.code !== 0) {
    throw new HomelabError(`helm template of ${name} (to find its CRDs) failed: ${result.stderr.trim().replace(/^Error: /, '')}; give the values it needs with \`crds: { values: { … } }\``);
  }
  const byName = new Map<string, KubeObject>();
  for (const value of yamlDocuments(result.stdout, (message) => `helm template of ${name} printed invalid YAML: ${message}`)) {
    const object = value as KubeObject;
    if (typeof object === 'object' && isCrd(object)) byName.set(String(object.metadata.name), object);
  }
  if (byName.size === 0) {
    throw new HomelabError(`${name} provides no CRDs, in crds/ or rendered from its templates with ${Object.keys(values).length ? 'the given values' : 'its default values'}, but the asset asks for them (crds: true); charts that render CRDs only when a value is set need it in \`crds: { values: { … } }\``);
  }
  return [...byName.keys()].sort().map((crd) => emitYaml(byName.get(crd))).join('---\n');
}
