import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiObject, App, Chart, JsonPatch, type IResolver, type ResolutionContext } from 'cdk8s';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { PlainApiObject } from '../../src/templates/plain-api-object.ts';

/** What cdk8s's own ApiObject.toJson() gives for the same object: PlainApiObject must give exactly that. */
const cdk8sJson = (object: PlainApiObject) => ApiObject.prototype.toJson.call(object);

const OBJECTS: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { z: '1', a: '2', ä: '3', A: '4', '10': '5', '9': '6' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'ns', labels: {}, annotations: { y: 'x' }, finalizers: [] },
    spec: { replicas: 0, paused: false, selector: null, template: { spec: { containers: [{ name: 'c', args: ['', null, 0, false, { b: null, a: [] }], env: [] }] } } } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'xs.example.com', labels: { b: '1', a: '2' }, generation: 3, uid: 'u' },
    spec: { group: 'example.com', versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', default: {}, 'x-kubernetes-preserve-unknown-fields': true } } } } }] } },
  { apiVersion: 'v1', kind: 'List', metadata: { name: 'c' }, items: [[], {}, [[null]]], kind2: 'K', apiVersion2: 'v' },
];

describe('PlainApiObject', () => {
  it('gives the JSON cdk8s gives, key order included, in a chart with labels and a namespace and in one without', () => {
    for (const chartProps of [{}, { labels: { team: 'x', app: 'y' }, namespace: 'from-chart' }]) {
      const chart = new Chart(new App(), 'chart', chartProps);
      for (const [i, object] of OBJECTS.entries()) {
        const plain = new PlainApiObject(chart, `o${i}`, structuredClone(object));
        const json = plain.toJson();
        assert.deepEqual(json, cdk8sJson(plain));
        assert.equal(JSON.stringify(json), JSON.stringify(cdk8sJson(plain)), 'same key order');
      }
    }
  });

  it('keeps metadata changed after it was made, and leaves JSON patches and an app\'s own resolvers to cdk8s', () => {
    const chart = new Chart(new App(), 'chart');
    const labelled = new PlainApiObject(chart, 'labelled', structuredClone(OBJECTS[0]!));
    labelled.metadata.addLabel('added', 'later');
    assert.equal(labelled.toJson().metadata.labels.added, 'later');
    assert.equal(JSON.stringify(labelled.toJson()), JSON.stringify(cdk8sJson(labelled)));

    const patched = new PlainApiObject(chart, 'patched', structuredClone(OBJECTS[0]!));
    patched.addJsonPatch(JsonPatch.add('/data/new', 'value'));
    assert.equal(patched.toJson().data.new, 'value');

    const upper: IResolver = { resolve: (context: ResolutionContext) => typeof context.value === 'string' && context.value === '1' && context.replaceValue('one') };
    const resolved = new PlainApiObject(new Chart(new App({ resolvers: [upper] }), 'chart'), 'resolved', structuredClone(OBJECTS[0]!));
    assert.equal(resolved.toJson().data.z, 'one');
  });
});
