// The two-cluster example renders each cluster's own app set and options, and its user template sees the cluster.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generateManifests } from '../../src/pipeline/generate.ts';
import { testRuntime } from '../support/runtime.ts';
import { tempDir } from '../support/source-repo.ts';

const SOURCE = fileURLToPath(new URL('../../example/two-clusters/', import.meta.url));

describe('example/two-clusters', () => {
  it('renders home with every app and lab with its subset, its own replicas and its own facts', async () => {
    const output = path.join(await tempDir(), 'manifests');
    const result = await generateManifests({ source: SOURCE, output }, testRuntime());
    assert.deepEqual(result.clusters, ['home', 'lab']);
    const read = async (file: string) => parse(await readFile(path.join(output, file), 'utf8')) as Record<string, any>;
    assert.deepEqual((await readdir(path.join(output, 'home'))).sort(), ['blog', 'cluster-info', 'flux', 'flux-bootstrap', 'podinfo']);
    assert.deepEqual((await readdir(path.join(output, 'lab'))).sort(), ['cluster-info', 'flux', 'flux-bootstrap', 'podinfo']);
    assert.equal((await read('home/podinfo/29-deployment-podinfo.yaml')).spec.replicas, 2);
    assert.equal((await read('lab/podinfo/29-deployment-podinfo.yaml')).spec.replicas, 1);
    const color = async (cluster: string) =>
      ((await read(`${cluster}/podinfo/29-deployment-podinfo.yaml`)).spec.template.spec.containers[0].env as { name: string; value: string }[]).find((env) => env.name === 'PODINFO_UI_COLOR')?.value;
    assert.equal(await color('home'), '#34577c');
    assert.equal(await color('lab'), '#2e7d32');
    assert.deepEqual((await read('home/cluster-info/11-configmap-cluster-info.yaml')).data, { cluster: 'home', domain: 'home.arpa' });
    assert.deepEqual((await read('lab/cluster-info/11-configmap-cluster-info.yaml')).data, { cluster: 'lab', domain: 'lab.home.arpa' });
    assert.equal((await read('lab/flux/podinfo.yaml')).spec.path, './clusters/lab/apps/podinfo');
  });
});
