import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityProblems, missingIdentity } from '../../src/validate/object-identity.ts';
import { formatProblem } from '../../src/errors.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';

const at = (object: Partial<KubeObject>) => ({ app: 'a', file: 'x.yaml', object: object as KubeObject });
const lines = (problems: readonly Parameters<typeof formatProblem>[0][]) => problems.map(formatProblem);

describe('object identity', () => {
  it('names each missing identity field', () => {
    assert.deepEqual(lines(missingIdentity(at({ kind: 'ConfigMap', metadata: {} }))), [
      'a: ConfigMap without a name (a/x.yaml) apiVersion: required field is missing',
      'a: ConfigMap without a name (a/x.yaml) metadata.name: required field is missing',
    ]);
  });

  it('wants a namespace on namespaced kinds', () => {
    assert.deepEqual(lines(identityProblems(at({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }), 'Namespaced')), [
      "a: ConfigMap/c (a/x.yaml) metadata.namespace: ConfigMap is namespaced: set a namespace, or leave it to the app's",
    ]);
  });

  it('wants no namespace on cluster-scoped kinds', () => {
    assert.deepEqual(lines(identityProblems(at({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'n' } }), 'Cluster')), [
      'a: Namespace/n/n (a/x.yaml) metadata.namespace: Namespace is cluster-scoped: remove the namespace',
    ]);
  });

  it('applies each kind\'s name rule: RBAC path segments, Service DNS-1035 labels', () => {
    assert.deepEqual(identityProblems(at({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:odd name' } }), 'Cluster'), []);
    assert.deepEqual(lines(identityProblems(at({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'n' } }), 'Namespaced')), [
      'a: Service/n/1web (a/x.yaml) metadata.name: "1web" is not a valid Service name: expected a DNS-1035 label (lower-case letters, digits and "-", starting with a letter; at most 63)',
    ]);
  });
});
