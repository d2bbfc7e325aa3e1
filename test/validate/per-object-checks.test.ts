import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { homelabVerdicts } from './agreement.ts';

// validateRender looks a kind's checks up once (custom-kind-checks.ts keeps each apiVersion/kind's verdict, the
// metadata checks each kind's name rule) and checks a fresh copy of each object: every object must still get its
// own verdict, whatever the objects of the same kind before it were.

function kustomization(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec } as KubeObject;
}

const SPEC = { interval: '10m', path: './apps/agreement', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };

describe('validate: checks looked up once per kind still judge each object on its own', () => {
  it('gives each Kustomization its own problems, before and after valid ones of the same kind', async () => {
    const objects = [
      kustomization('good-1', SPEC),
      kustomization('no-interval', { ...SPEC, interval: undefined }),
      kustomization('good-2', SPEC),
      kustomization('prune-text', { ...SPEC, prune: 'yes' }),
      kustomization('Bad_Name', SPEC),
      kustomization('good-3', SPEC),
    ];
    const verdicts = await homelabVerdicts(objects);
    assert.equal(verdicts.get('Kustomization/good-1'), undefined);
    assert.equal(verdicts.get('Kustomization/good-2'), undefined);
    assert.equal(verdicts.get('Kustomization/good-3'), undefined);
    assert.match(verdicts.get('Kustomization/no-interval') ?? '', /spec\.interval: Required value/);
    assert.doesNotMatch(verdicts.get('Kustomization/no-interval') ?? '', /prune|metadata\.name/);
    assert.match(verdicts.get('Kustomization/prune-text') ?? '', /spec\.prune: expected boolean, got "yes"/);
    assert.doesNotMatch(verdicts.get('Kustomization/prune-text') ?? '', /interval|metadata\.name/);
    assert.match(verdicts.get('Kustomization/Bad_Name') ?? '', /metadata\.name: Invalid value: "Bad_Name"/);
    assert.doesNotMatch(verdicts.get('Kustomization/Bad_Name') ?? '', /interval|prune/);
  });

  it("applies each kind's own name rule to its objects, whichever kind came first", async () => {
    // A Service name is a DNS-1035 label, a ConfigMap name a DNS subdomain: "1-dotted.name" is neither and only a subdomain.
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm.dotted', namespace: 'agreement' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc.dotted', namespace: 'agreement' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm2.dotted', namespace: 'agreement' } },
    ] as KubeObject[];
    const verdicts = await homelabVerdicts(objects);
    assert.equal(verdicts.get('ConfigMap/cm.dotted'), undefined);
    assert.equal(verdicts.get('ConfigMap/cm2.dotted'), undefined);
    assert.match(verdicts.get('Service/svc.dotted') ?? '', /metadata\.name: Invalid value: "svc\.dotted": a DNS-1035 label/);
  });

  it('checks objects without changing them (a copy is checked), nulls and sops blocks included', async () => {
    const objects = [
      kustomization('with-null', { ...SPEC, timeout: null }),
      { ...kustomization('with-sops', SPEC), sops: { version: '3.9.0' } } as KubeObject,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'agreement', labels: null }, data: { a: 'b' } } as unknown as KubeObject,
    ];
    const before = structuredClone(objects);
    const verdicts = await homelabVerdicts(objects);
    assert.deepEqual(objects, before);
    assert.equal(verdicts.get('Kustomization/with-sops'), undefined);
    assert.equal(verdicts.get('ConfigMap/cm'), undefined);
  });
});
