// Issue 11: input YAML is read as kubectl reads it (YAML 1.1). Each case goes from a file of a `manifests` app, through
// the generated file, to the real kube-apiserver (server-side apply), and is read back from it with the intended value.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatProblem } from '../../src/errors.ts';
import { generateManifests, type GenerateResult } from '../../src/pipeline/generate.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const DEPLOYMENT = `# As Kubernetes examples write it: octal modes, YAML 1.1 booleans, a merge key, a duplicated key.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app.kubernetes.io/name: web
    tier: frontend
spec:
  replicas: 1
  selector:
    matchLabels:
      <<: *labels
  template:
    metadata:
      labels:
        <<: *labels
        track: stable
    spec:
      automountServiceAccountToken: no
      terminationGracePeriodSeconds: 1_0
      containers:
        - name: web
          image: nginx:1.27
          stdin: yes
          volumeMounts:
            - name: secret
              mountPath: /etc/secret
              readOnly: on
      volumes:
        - name: secret
          secret:
            secretName: web-tls
            defaultMode: 0400
            items:
              - key: tls.key
                path: tls.key
                mode: 0644
  replicas: 3
`;

let cluster: Cluster;
let output: string;
let generated: GenerateResult;

before(
  async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: web\n    namespace: yaml11\n    options: { paths: [manifests] }\n'),
      'manifests/00-namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: yaml11\n',
      'manifests/deployment.yaml': DEPLOYMENT,
    });
    output = path.join(await tempDir('homelab-yaml11-'), 'manifests');
    [cluster, generated] = await Promise.all([startCluster({ flux: false, fluxCrds: false }), generateManifests({ source, output }, testRuntime())]);
  },
  { timeout: 300_000 },
);
after(() => cluster?.stop());

describe('YAML 1.1 input, end to end', () => {
  it('warns about the duplicated key with file and line, and keeps the last value', () => {
    assert.deepEqual(generated.warnings.map(formatProblem), ['manifests/deployment.yaml:39:3: duplicate key "replicas", also on line 10: the last value wins, as with kubectl; remove the other one']);
  });

  it('writes the values kubectl would read, in spellings every YAML reader agrees on', async () => {
    const files = await import('node:fs/promises').then((fs) => fs.readdir(path.join(output, 'web')));
    const file = files.find((name) => name.includes('deployment'))!;
    const text = await readFile(path.join(output, 'web', file), 'utf8');
    for (const line of ['defaultMode: 256', 'mode: 420', 'automountServiceAccountToken: false', 'terminationGracePeriodSeconds: 10', 'replicas: 3', 'stdin: true', 'readOnly: true', 'track: stable']) {
      assert.ok(text.includes(line), `${line} not in:\n${text}`);
    }
    assert.ok(!text.includes('<<'), text);
  });

  it('is accepted by the API server with the intended values', async () => {
    await cluster.kubectl(['apply', '--server-side', '-f', path.join(output, 'web')]);
    const { stdout } = await cluster.kubectl(['get', 'deployment', 'web', '-n', 'yaml11', '-o', 'json']);
    const deployment = JSON.parse(stdout) as {
      metadata: { labels: Record<string, string> };
      spec: {
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> & { containers: Record<string, unknown>[]; volumes: { secret: { defaultMode: number; items: { mode: number }[] } }[] } };
      };
    };
    const pod = deployment.spec.template.spec;
    assert.equal(pod.volumes[0]!.secret.defaultMode, 256, 'defaultMode: 0400 is 256 (r--------), not 400');
    assert.equal(pod.volumes[0]!.secret.items[0]!.mode, 420, 'mode: 0644 is 420');
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.terminationGracePeriodSeconds, 10);
    assert.equal(pod.containers[0]!.stdin, true);
    assert.deepEqual((pod.containers[0]!.volumeMounts as { readOnly: boolean }[])[0]!.readOnly, true);
    assert.equal(deployment.spec.replicas, 3);
    assert.deepEqual(deployment.spec.selector.matchLabels, { 'app.kubernetes.io/name': 'web', tier: 'frontend' });
    assert.deepEqual(deployment.spec.template.metadata.labels, { 'app.kubernetes.io/name': 'web', tier: 'frontend', track: 'stable' });
  });
});
