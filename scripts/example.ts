// `npm run example`: installs helm into the tools cache (the example renders a Helm chart), then
// renders example/ into example/manifests and example/two-clusters/ into its manifests/<cluster>/ with the built CLI.
import { spawnSync } from 'node:child_process';
import { toolPath } from '../test/support/tools.ts';

const setup = spawnSync('bash', ['scripts/tools/setup.sh', 'kubectl-helm'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);
const env = { ...process.env, HOMELAB_HELM: process.env.HOMELAB_HELM ?? toolPath('helm') };
const render = spawnSync(process.execPath, ['bin/homelab.js', 'generate-manifests', '--source', 'example', '--output', 'example/manifests'], { stdio: 'inherit', env });
if (render.status !== 0) process.exit(render.status ?? 1);
// The two-cluster example: one folder per cluster, example/two-clusters/manifests/<cluster>/.
const clusters = spawnSync(process.execPath, ['bin/homelab.js', 'generate-manifests', '--source', 'example/two-clusters', '--output', 'example/two-clusters/manifests'], { stdio: 'inherit', env });
process.exit(clusters.status ?? 1);
