import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { homelabVerdicts, NAMESPACE } from './agreement.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';

/** flux.yaml for a cluster that already has namespace m (the `manifests` app m creates none). */
const FLUX_WITH_M = `${FLUX_YAML}existingNamespaces: [m]\n`;

/** A source repo with one `manifests` app `m` (namespace m, which the cluster has) rendering these YAML documents. */
async function manifestsRepo(documents: readonly string[], files: Record<string, string> = {}): Promise<string> {
  return sourceRepo({
    'config/apps.yaml': appsYaml('  - template: manifests\n    id: m\n    options: { paths: [m.yaml] }\n'),
    'config/flux.yaml': FLUX_WITH_M,
    'm.yaml': documents.join('\n---\n'),
    ...files,
  });
}

/** Runs `homelab validate` and returns its problem lines (everything after the "✗ … problems" header). */
async function problems(source: string): Promise<string[]> {
  const run = await runCli('validate --source', source);
  assert.equal(run.code, 1, `expected validation to fail:\n${run.stderr}`);
  return run.stderr.split('\n').slice(2).filter(Boolean);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx`;

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.dev }
spec:
  group: example.dev
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, minimum: 1 }
                port: { x-kubernetes-int-or-string: true }
                extra: { type: object, x-kubernetes-preserve-unknown-fields: true }`;

const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata: { name: db }
stringData:
  password: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]
sops:
  age: [{ recipient: age1example, enc: "-----BEGIN AGE ENCRYPTED FILE-----" }]
  lastmodified: "2025-01-01T00:00:00Z"
  mac: ENC[AES256_GCM,data:abcd,iv:AAAA,tag:BBBB,type:str]
  encrypted_regex: ^(data|stringData)$
  version: 3.9.0`;

describe('validate: checks on every rendered object', () => {
  it('passes a valid render and writes nothing', async () => {
    const source = await manifestsRepo([DEPLOYMENT, WIDGET_CRD, 'apiVersion: example.dev/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 2, port: http, extra: { any: thing } }']);
    const run = await runCli('validate --source', source);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ 1 app \(\d+ objects\) valid for Kubernetes 1\.34/);
  });

  it('refuses an object without apiVersion', async () => {
    const lines = await problems(await manifestsRepo(['kind: ConfigMap\nmetadata: { name: c }']));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /apps\[0\]: app "m" \(template "manifests"\) failed to render: m\.yaml document 1 needs apiVersion, kind and metadata\.name/);
  });

  it('refuses a name the API server would reject', async () => {
    const lines = await problems(await manifestsRepo(['apiVersion: v1\nkind: ConfigMap\nmetadata: { name: My_Config }']));
    assert.deepEqual(lines, [
      `m: ConfigMap/m/My_Config (m/11-configmap-My_Config.yaml) metadata.name: Invalid value: "My_Config": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it('checks built-in kinds against the OpenAPI schema of kubeVersion: app, object, file and field in one line', async () => {
    const lines = await problems(await manifestsRepo([DEPLOYMENT.replace('replicas: 1', 'replicas: two')]));
    assert.deepEqual(lines, ['m: Deployment/m/web (m/29-deployment-web.yaml) spec.replicas: expected integer, got "two"']);
  });

  it('reads a null field of a built-in kind as absent, as the API server does, and still checks the rest', async () => {
    // Straight to validateRender: the render itself publishes no nulls, Helm output and hand-built inputs may hold them.
    const deployment = (name: string, replicas: unknown): KubeObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NAMESPACE },
      spec: { replicas, strategy: null, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx', resources: null }] } } },
    } as unknown as KubeObject);
    const verdicts = await homelabVerdicts([deployment('nulls', 1), deployment('nulls-and-typo', 'two')]);
    assert.equal(verdicts.get('Deployment/nulls'), undefined);
    assert.match(verdicts.get('Deployment/nulls-and-typo') ?? '', /^agreement: Deployment\/agreement\/nulls-and-typo \(agreement\/001\.yaml\) spec\.replicas: expected integer, got "two"$/);
  });

  it('reports unknown fields with a suggestion', async () => {
    const lines = await problems(await manifestsRepo([DEPLOYMENT.replace('image: nginx', 'image: nginx\n          imagePulPolicy: Always')]));
    assert.deepEqual(lines, ['m: Deployment/m/web (m/29-deployment-web.yaml) spec.template.spec.containers[0].imagePulPolicy: unknown field; did you mean "imagePullPolicy"?']);
  });

  it('reports a missing required field', async () => {
    const lines = await problems(await manifestsRepo([DEPLOYMENT.replace('  selector: { matchLabels: { app: web } }\n', '')]));
    assert.deepEqual(lines, ['m: Deployment/m/web (m/29-deployment-web.yaml) spec.selector: Required value']);
  });

  it('refuses an apiVersion the Kubernetes version does not serve, naming the one it does', async () => {
    const lines = await problems(await manifestsRepo([DEPLOYMENT.replace('apps/v1', 'extensions/v1beta1')]));
    assert.deepEqual(lines, ['m: Deployment/m/web (m/90-deployment-web.yaml) apiVersion: Kubernetes 1.34 does not serve Deployment in extensions/v1beta1; use apps/v1']);
    const moved = await problems(await manifestsRepo(['apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }']));
    assert.deepEqual(moved, ['m: HorizontalPodAutoscaler/m/h (m/30-horizontalpodautoscaler-h.yaml) apiVersion: Kubernetes 1.34 does not serve HorizontalPodAutoscaler in autoscaling/v2beta2; use autoscaling/v1 or autoscaling/v2']);
  });

  it('checks custom resources against the openAPIV3Schema of their CRD in the render', async () => {
    const lines = await problems(await manifestsRepo([WIDGET_CRD, 'apiVersion: example.dev/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 0, colour: red }']));
    assert.deepEqual(lines, [
      'm: Widget/m/w (m/90-widget-w.yaml) spec.colour: unknown field',
      'm: Widget/m/w (m/90-widget-w.yaml) spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    ]);
  });

  it('refuses a custom resource version its CRD does not serve', async () => {
    const lines = await problems(await manifestsRepo([WIDGET_CRD, 'apiVersion: example.dev/v2\nkind: Widget\nmetadata: { name: w }\nspec: { size: 1 }']));
    assert.deepEqual(lines, ['m: Widget/m/w (m/90-widget-w.yaml) apiVersion: CustomResourceDefinition "widgets.example.dev" does not serve example.dev/v2; served: example.dev/v1']);
  });

  it('refuses a kind that neither Kubernetes nor a CRD in the render provides', async () => {
    const lines = await problems(await manifestsRepo(['apiVersion: example.dev/v1\nkind: Widget\nmetadata: { name: w }']));
    assert.deepEqual(lines, [
      'm: Widget/m/w (m/90-widget-w.yaml) kind: unknown kind Widget (example.dev/v1): neither Kubernetes 1.34 nor a CustomResourceDefinition in the render provides it; add the CRD to an app (it goes to the crds app) or fix apiVersion/kind',
    ]);
  });

  it('refuses two apps that own the same object', async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: a\n    namespace: shared\n    options: { paths: [c.yaml] }\n  - template: manifests\n    id: b\n    namespace: shared\n    options: { paths: [c.yaml] }\n'),
      'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n',
    });
    const lines = await problems(source);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /config\/apps\.yaml:\d+:\d+ apps\[1\]: ConfigMap\/shared\/settings \(group core\): apps "a" and "b" both render it/);
  });

  it('refuses a plaintext Secret with data or stringData', async () => {
    const lines = await problems(await manifestsRepo(['apiVersion: v1\nkind: Secret\nmetadata: { name: db }\nstringData: { password: hunter2 }']));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^m: Secret\/m\/db \(m\/09-secret-db\.yaml\) stringData: plaintext Secret: encrypt it with SOPS/);
    assert.doesNotMatch(lines[0]!, /hunter2/);
  });

  it('passes a Secret without data (filled in by the cluster) and one encrypted by SOPS, and configures Flux to decrypt it', async () => {
    const source = await manifestsRepo([SOPS_SECRET, 'apiVersion: v1\nkind: Secret\nmetadata: { name: token, annotations: { kubernetes.io/service-account.name: default } }\ntype: kubernetes.io/service-account-token'], {
      'config/flux.yaml': `${FLUX_WITH_M}sops: { secretRef: sops-age }\n`,
    });
    const { tree } = await renderSource(source, testRuntime());
    assert.deepEqual(parse(tree.get('flux/m.yaml')!).spec.decryption, { provider: 'sops', secretRef: { name: 'sops-age' } });
  });

  it('refuses a SOPS Secret when config/flux.yaml names no decryption Secret', async () => {
    const lines = await problems(await manifestsRepo([SOPS_SECRET]));
    assert.deepEqual(lines, ['m: Secret/m/db (m/09-secret-db.yaml) sops: Flux cannot decrypt this Secret: name the Secret that holds the SOPS key in config/flux.yaml, e.g. `sops: { secretRef: sops-age }`']);
  });

  it('refuses a Secret with a sops block whose values are not encrypted', async () => {
    const lines = await problems(await manifestsRepo([SOPS_SECRET.replace(/password: ENC\[.*\]/, 'password: hunter2')], { 'config/flux.yaml': `${FLUX_WITH_M}sops: { secretRef: sops-age }\n` }));
    assert.deepEqual(lines, ['m: Secret/m/db (m/09-secret-db.yaml) stringData["password"]: value is not encrypted although the Secret has a sops block: encrypt the file again with sops']);
  });

  it('refuses a Flux Kustomization that depends on an app that does not exist', async () => {
    const kustomization = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: extra, namespace: flux-system }\nspec: { interval: 10m, path: ./apps/m, prune: true, sourceRef: { kind: GitRepository, name: flux-system }, dependsOn: [{ name: mm }] }';
    const lines = await problems(await manifestsRepo([kustomization]));
    assert.deepEqual(lines, ['m: Kustomization/flux-system/extra (m/90-kustomization-extra.yaml) spec.dependsOn[0].name: unknown app "mm": no Kustomization flux-system/mm in the render; did you mean "m"?']);
  });

  it('refuses a Flux Kustomization whose path is not an app of the render', async () => {
    const kustomization = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: extra, namespace: flux-system }\nspec: { interval: 10m, path: ./apps/nope, prune: true, sourceRef: { kind: GitRepository, name: flux-system } }';
    const lines = await problems(await manifestsRepo([kustomization]));
    assert.deepEqual(lines, ['m: Kustomization/flux-system/extra (m/90-kustomization-extra.yaml) spec.path: "./apps/nope" is not an app directory in the render']);
  });

  it('refuses a kubeVersion it has no schemas for, listing the covered versions', async () => {
    const source = await manifestsRepo([DEPLOYMENT], { 'config/flux.yaml': `${FLUX_YAML}kubeVersion: "1.29"\n` });
    const lines = await problems(source);
    assert.deepEqual(lines, ['config/flux.yaml:4:14 kubeVersion: Kubernetes "1.29" has no schemas in homelab; covered versions: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37']);
  });

  it('reports every problem of the render at once', async () => {
    const lines = await problems(await manifestsRepo([
      DEPLOYMENT.replace('replicas: 1', 'replicas: two'),
      'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ndata: { password: aHVudGVyMg== }',
    ]));
    assert.equal(lines.length, 2);
  });
});
