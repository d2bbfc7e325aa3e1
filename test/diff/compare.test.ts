import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffTrees } from '../../src/diff/compare.ts';
import { DEFAULT_FILTERS } from '../../src/diff/noise-filters.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { toYaml } from '../../src/render/serialize.ts';

const tree = (files: Record<string, KubeObject>) => new Map(Object.entries(files).map(([file, object]) => [file, toYaml(object)]));

function deployment(image: string, extra: { chart?: string; checksum?: string } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web', labels: { app: 'web', ...(extra.chart && { 'helm.sh/chart': extra.chart }) } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, ...(extra.checksum && { annotations: { 'checksum/config': extra.checksum } }) },
        spec: { containers: [{ name: 'web', image }] },
      },
    },
  };
}

const secret = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'web' }, data });

describe('diffTrees', () => {
  it('reports added, removed and changed objects per app, with a unified diff', () => {
    const before = tree({ 'web/29-deployment-web.yaml': deployment('nginx:1'), 'old/11-configmap-c.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'old' } } });
    const after = tree({ 'web/29-deployment-web.yaml': deployment('nginx:2'), 'new/11-configmap-c.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'new' } } });
    const diff = diffTrees(before, after, DEFAULT_FILTERS);
    assert.deepEqual(diff.apps.map(({ id, added, changed, removed }) => ({ id, added, changed, removed })), [
      { id: 'new', added: 1, changed: 0, removed: 0 },
      { id: 'old', added: 0, changed: 0, removed: 1 },
      { id: 'web', added: 0, changed: 1, removed: 0 },
    ]);
    const changed = diff.apps[2]!.objects[0]!;
    assert.equal(changed.object, 'Deployment/web/web');
    assert.match(changed.diff, /^--- a\/web\/29-deployment-web\.yaml\n\+\+\+ b\/web\/29-deployment-web\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    assert.match(changed.diff, /\n- {10}image: nginx:1\n\+ {10}image: nginx:2\n/);
    assert.match(diff.apps[0]!.objects[0]!.diff, /^--- \/dev\/null\n\+\+\+ b\/new\/11-configmap-c\.yaml\n@@ -0,0 \+1,5 @@\n/);
  });

  it('matches objects by identity, not file name', () => {
    const diff = diffTrees(tree({ 'web/28-deployment-web.yaml': deployment('nginx:1') }), tree({ 'web/29-deployment-web.yaml': deployment('nginx:1') }), []);
    assert.deepEqual(diff.apps, []);
  });

  it('leaves out chart labels and checksum annotations by default, and counts what it left out', () => {
    const before = tree({ 'web/29-deployment-web.yaml': deployment('nginx:1', { chart: 'web-1.0.0', checksum: 'aaa' }) });
    const after = tree({ 'web/29-deployment-web.yaml': deployment('nginx:1', { chart: 'web-1.0.1', checksum: 'bbb' }) });
    assert.deepEqual(diffTrees(before, after, DEFAULT_FILTERS), { apps: [], filtered: 1 });
    const unfiltered = diffTrees(before, after, []);
    assert.equal(unfiltered.apps[0]!.changed, 1);
    assert.match(unfiltered.apps[0]!.objects[0]!.diff, /helm\.sh\/chart: web-1\.0\.1/);
    assert.match(unfiltered.apps[0]!.objects[0]!.diff, /checksum\/config: bbb/);
  });

  it('takes extra filters, with prefix patterns', () => {
    const before = tree({ 'web/29-deployment-web.yaml': deployment('nginx:1', { checksum: 'aaa' }) });
    const after = tree({ 'web/29-deployment-web.yaml': deployment('nginx:1', { checksum: 'bbb' }) });
    assert.equal(diffTrees(before, after, [{ field: 'annotation', key: 'checksum/*' }]).apps.length, 0);
    assert.equal(diffTrees(before, after, [{ field: 'annotation', key: 'checksum/other' }]).apps.length, 1);
  });

  it('masks Secret values, showing only which keys changed', () => {
    const before = tree({ 'web/09-secret-db.yaml': secret({ password: 'aHVudGVyMg==', user: 'YWRtaW4=' }) });
    const after = tree({ 'web/09-secret-db.yaml': secret({ password: 'c3dvcmRmaXNo', user: 'YWRtaW4=', extra: 'eA==' }) });
    const diff = diffTrees(before, after, DEFAULT_FILTERS).apps[0]!.objects[0]!.diff;
    assert.doesNotMatch(diff, /aHVudGVyMg|c3dvcmRmaXNo|YWRtaW4|eA==/);
    assert.match(diff, /-  password: "<masked>"\n\+  password: "<masked, changed>"\n/);
    assert.match(diff, /\+  extra: "<masked>"\n/);
    assert.match(diff, / {3}user: "<masked>"\n/);
  });

  it('masks added and removed Secrets too', () => {
    const added = diffTrees(new Map(), tree({ 'web/09-secret-db.yaml': secret({ password: 'aHVudGVyMg==' }) }), []);
    const removed = diffTrees(tree({ 'web/09-secret-db.yaml': secret({ password: 'aHVudGVyMg==' }) }), new Map(), []);
    for (const diff of [added, removed]) assert.doesNotMatch(diff.apps[0]!.objects[0]!.diff, /aHVudGVyMg/);
  });
});
