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

  it('wants a namespace that is a DNS-1123 label, worded as the API server words it', () => {
    assert.deepEqual(lines(identityProblems(at({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'My_NS' } }), 'Namespaced')), [
      `a: ConfigMap/My_NS/c (a/x.yaml) metadata.namespace: Invalid value: "My_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
});
