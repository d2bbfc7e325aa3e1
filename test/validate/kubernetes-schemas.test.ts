import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COVERED_KUBERNETES, kubeMinor, readSchemaBundle } from '../../src/validate/kubernetes-schemas.ts';
import { tempDir } from '../support/source-repo.ts';

describe('Kubernetes schema bundles', () => {
  it('covers 1.30 to 1.37, the same minors scripts/k8s-schemas.mjs fetches', async () => {
    const { KUBERNETES_RELEASES } = (await import('../../scripts/k8s-schemas.mjs')) as { KUBERNETES_RELEASES: Record<string, string> };
    assert.deepEqual(Object.keys(KUBERNETES_RELEASES), COVERED_KUBERNETES);
  });

  it('reads the bundle of the default version, installed by npm ci', async () => {
    const bundle = await readSchemaBundle('v1.34.2');
    assert.ok(!('message' in bundle));
    assert.equal(bundle.source, 'k8s.io/kubernetes@v1.34.4');
    assert.deepEqual(bundle.kinds['apps/v1/Deployment'], { definition: 'io.k8s.api.apps.v1.Deployment', scope: 'Namespaced', resource: 'deployments' });
    assert.equal(bundle.kinds['v1/Namespace']?.scope, 'Cluster');
  });

  it('names the covered versions for a version it does not cover', async () => {
    assert.deepEqual(await readSchemaBundle('1.29'), { kind: 'unknown', message: 'Kubernetes "1.29" has no schemas in homelab; covered versions: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37' });
  });

  it('names the command that fetches a covered version that is not installed', async () => {
    const issue = await readSchemaBundle('1.31', await tempDir());
    assert.equal('kind' in issue && issue.kind, 'missing');
    assert.match((issue as { message: string }).message, /^the Kubernetes 1\.31 schemas are not installed; fetch them with `node \/.*\/scripts\/k8s-schemas\.mjs 1\.31` \(needs Go and its module proxy\)$/);
  });

  it('reads major.minor from any spelling of a version', () => {
    assert.deepEqual(['1.34', 'v1.34', '1.34.2', 'v1.34.0'].map(kubeMinor), ['1.34', '1.34', '1.34', '1.34']);
  });
});
