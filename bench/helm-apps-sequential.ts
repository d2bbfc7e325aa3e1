// The baseline for the realistic benchmark: `helm template` of each chart app with its values, one after another,
// as a user without homelab would run them. Args: helm, kubeVersion, a JSON file of [{release, namespace, chart, values}].
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [helm, kubeVersion, appsFile] = process.argv.slice(2);
const apps = JSON.parse(readFileSync(appsFile!, 'utf8')) as { release: string; namespace: string; chart: string; values: unknown }[];
for (const app of apps) {
  const args = ['template', app.release, app.chart, '--namespace', app.namespace, '--kube-version', kubeVersion!, '--include-crds', '--skip-tests', '--values', '-'];
  const result = spawnSync(helm!, args, { input: JSON.stringify(app.values), encoding: 'utf8', maxBuffer: 1024 ** 3 });
  if (result.status !== 0) throw new Error(`helm template ${app.chart} failed: ${result.stderr}`);
}
