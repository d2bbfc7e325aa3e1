// The baseline for the Helm benchmark: `helm template` of the same charts, one after another, in one process.
import { spawnSync } from 'node:child_process';

const [helm, kubeVersion, ...charts] = process.argv.slice(2);
for (const [i, chart] of charts.entries()) {
  const result = spawnSync(helm!, ['template', `app-${i}`, chart, '--namespace', `app-${i}`, '--kube-version', kubeVersion!, '--include-crds', '--skip-tests'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`helm template ${chart} failed: ${result.stderr}`);
}
