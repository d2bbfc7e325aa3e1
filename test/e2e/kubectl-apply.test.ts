// The output-ordering promise: `kubectl apply -f <output>/<id>/` of each app of the example works in one pass
// against a real kube-apiserver (crds first, since custom resources need their definitions).
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateManifests } from '../../src/pipeline/generate.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { testRuntime } from '../support/runtime.ts';
import { tempDir } from '../support/source-repo.ts';
import { REPO_ROOT } from '../support/tools.ts';

let cluster: Cluster;
let output: string;

before(
  async () => {
    [cluster, output] = await Promise.all([
      startCluster({ flux: false, fluxCrds: false }),
      tempDir('homelab-apply-').then(async (dir) => {
        await generateManifests({ source: path.join(REPO_ROOT, 'example'), output: path.join(dir, 'manifests') }, testRuntime());
        return path.join(dir, 'manifests');
      }),
    ]);
  },
  { timeout: 300_000 },
);
after(() => cluster?.stop());

describe('kubectl apply -f <output>/<id>/ of the example', () => {
  it('succeeds in one pass for every app, crds first, each object created', async () => {
    // Every app's directory (the output also holds the .homelab-generated marker file).
    const dirs = (await readdir(output, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).filter((dir) => dir !== 'flux' && dir !== 'flux-bootstrap');
    const order = ['crds', ...dirs.filter((dir) => dir !== 'crds').sort()];
    assert.ok(order.length >= 6, `apps rendered: ${order.join(', ')}`);
    for (const id of order) {
      const files = (await readdir(path.join(output, id))).filter((file) => file.endsWith('.yaml'));
      // One pass: a failure here (e.g. an object before its namespace) is a failure of the layout, not retried.
      const { stdout } = await cluster.kubectl(['apply', '-f', path.join(output, id)]).catch((error: Error) => {
        throw new Error(`kubectl apply -f ${id}/ failed in one pass: ${error.message}`);
      });
      const applied = stdout.trim().split('\n').filter((line) => / (created|configured|unchanged)$/.test(line));
      assert.equal(applied.length, files.length, `${id}: ${stdout}`);
      if (id === 'crds') {
        await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=30s', '-f', path.join(output, id)]);
      }
    }
  });
});
