// Every real chart of ../shared/charts renders through the built-in helm-chart template without a workaround, and its
// objects equal a direct `helm template` (same values, same capabilities) apart from the differences the README
// documents, applied here independently of homelab's code: test and delete hooks dropped, Jobs annotated for Flux's
// force and without ttlSecondsAfterFinished, CRDs moved to the crds app (never pruned), the release namespace filled
// in on namespaced objects, and a Namespace for the app.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { HELM, startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { needsRealCharts, REAL_CHARTS_DIR } from '../support/real-charts.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';
import { REPO_ROOT } from '../support/tools.ts';

/** Values a real homelab sets: charts that render Secrets get existing ones (see "Secrets from charts"). */
const VALUES: Record<string, Record<string, unknown>> = {
  'kube-prometheus-stack': {
    grafana: { admin: { existingSecret: 'grafana-admin' } },
    alertmanager: { alertmanagerSpec: { useExistingSecret: true, configSecret: 'alertmanager-config' } },
  },
};

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

const archives = REAL_CHARTS_DIR ? readdirSync(REAL_CHARTS_DIR).filter((file) => file.endsWith('.tgz')).sort() : [];
/** `apiVersion/Kind` → scope, from the schema bundle npm ci fetched. */
const bundle = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'kubernetes-1.34.json'), 'utf8')) as { kinds: Record<string, { scope: string }> };
const gaKinds = Object.keys(bundle.kinds).filter((key) => !/\/v\d+(alpha|beta)\d+\//.test(`/${key}`));

let repo: ChartRepo;
before(async () => {
  if (!REAL_CHARTS_DIR) return;
  repo = await startChartRepo();
  for (const archive of archives) await repo.addArchive(path.join(REAL_CHARTS_DIR, archive));
});
after(() => repo?.close());

const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function crdVersions(crds: readonly Obj[]): string[] {
  return crds.flatMap((crd) => {
    const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
    return spec.versions.filter((v) => v.served).flatMap((v) => [`${spec.group}/${v.name}`, `${spec.group}/${v.name}/${spec.names.kind}`]);
  });
}

/** What the README says homelab does to a chart's output, written out on its own. */
function documentedDifferences(direct: readonly Obj[], namespace: string, crds: readonly Obj[]): { app: Obj[]; crds: Obj[] } {
  const customScopes = new Map(crds.map((crd) => {
    const spec = crd.spec as { group: string; names: { kind: string }; scope: string };
    return [`${spec.group}/${spec.names.kind}`, spec.scope];
  }));
  const namespaced = (o: Obj) => {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    return (customScopes.get(`${group}/${o.kind}`) ?? bundle.kinds[`${o.apiVersion}/${o.kind}`]?.scope ?? 'Namespaced') === 'Namespaced';
  };
  const app: Obj[] = [];
  const movedCrds: Obj[] = [];
  for (const object of direct) {
    const hook = object.metadata.annotations?.['helm.sh/hook'];
    if (hook && !hook.split(',').some((h) => ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade'].includes(h.trim()))) continue;
    if (object.kind === 'CustomResourceDefinition') {
      movedCrds.push({ ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } } });
      continue;
    }
    // Keys whose value is null are left out, as cdk8s serializes objects (the API server treats them as unset).
    let expected = withoutNulls(object) as Obj;
    // So are empty metadata.labels and metadata.annotations.
    for (const field of ['labels', 'annotations'] as const) {
      if (expected.metadata[field] && Object.keys(expected.metadata[field]!).length === 0) delete expected.metadata[field];
    }
    if (expected.kind === 'Job') {
      expected.metadata.annotations = { ...expected.metadata.annotations, 'kustomize.toolkit.fluxcd.io/force': 'enabled' };
      delete expected.spec!.ttlSecondsAfterFinished;
    }
    if (namespaced(expected) && !expected.metadata.namespace) expected = { ...expected, metadata: { ...expected.metadata, namespace } };
    app.push(expected);
  }
  if (!['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system'].includes(namespace)) {
    app.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }
  return { app, crds: movedCrds };
}

describe('the real charts of ../shared/charts', needsRealCharts, () => {
  for (const archive of archives) {
    const [, chart, version] = /^(.*)-(v?\d+\.\d+\.\d+)\.tgz$/.exec(archive)!;
    it(`${chart} ${version} renders like helm template, apart from the documented differences`, async () => {
      const values = VALUES[chart!] ?? {};
      const dir = await sourceRepo({
        'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: ${chart}\n    options:\n      repo: ${repo.url}\n      chart: ${chart}\n      version: ${version}\n      values: ${JSON.stringify(values)}\n`),
      });
      const refresh = await runCli('refresh-assets --source', dir);
      assert.equal(refresh.code, 0, refresh.stderr);
      const { tree } = await renderSource(dir, testRuntime());
      const objectsIn = (prefix: string) => [...tree].filter(([file]) => file.startsWith(prefix)).map(([, text]) => parse(text) as Obj);
      const rendered = objectsIn(`${chart}/`);
      const renderedCrds = objectsIn('crds/');

      // The same capabilities homelab gives helm: the cluster's GA kinds, and every CRD of the render.
      const apiVersions = [...new Set([...gaKinds, ...gaKinds.map((k) => k.slice(0, k.lastIndexOf('/'))), ...crdVersions(renderedCrds)])].sort();
      const direct = await helmTemplate(chart!, path.join(REAL_CHARTS_DIR!, archive), apiVersions, values);
      const expected = documentedDifferences(direct, chart!, renderedCrds);

      const byKey = (objects: readonly Obj[]) => new Map(objects.map((o) => [key(o), o]));
      assert.deepEqual([...byKey(rendered).keys()].sort(), [...byKey(expected.app).keys()].sort());
      assert.deepEqual(byKey(rendered), byKey(expected.app));
      assert.deepEqual(byKey(renderedCrds), byKey(expected.crds));
    });
  }
});

describe('a real chart that asks for a kind', needsRealCharts, () => {
  it('traefik renders its PodDisruptionBudget as policy/v1, which helm with group/versions alone makes policy/v1beta1', async () => {
    const archive = archives.find((file) => file.startsWith('traefik-'));
    assert.ok(archive, `no traefik archive in ${REAL_CHARTS_DIR}`);
    const [, version] = /^traefik-(.*)\.tgz$/.exec(archive)!;
    const values = { podDisruptionBudget: { enabled: true, maxUnavailable: 1 } };
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: traefik\n    options:\n      repo: ${repo.url}\n      chart: traefik\n      version: ${version}\n      values: ${JSON.stringify(values)}\n`),
    });
    const refresh = await runCli('refresh-assets --source', dir);
    assert.equal(refresh.code, 0, refresh.stderr);
    const { tree } = await renderSource(dir, testRuntime());
    const pdbs = [...tree].map(([, text]) => parse(text) as Obj).filter((o) => o.kind === 'PodDisruptionBudget');
    assert.deepEqual(pdbs.map((o) => o.apiVersion), ['policy/v1']);
    // Without the group/version/Kind entries (what homelab gave helm before), helm's own defaults win.
    const groupVersionsOnly = [...new Set(gaKinds.map((k) => k.slice(0, k.lastIndexOf('/'))))];
    const direct = await helmTemplate('traefik', path.join(REAL_CHARTS_DIR!, archive), groupVersionsOnly, values);
    assert.deepEqual(direct.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.apiVersion), ['policy/v1beta1']);
  });
});

describe('a real chart that renders Secrets', needsRealCharts, () => {
  it('kube-prometheus-stack without existing Secrets is refused, naming the chart, the Secrets and the values that take existing ones', async () => {
    const archive = archives.find((file) => file.startsWith('kube-prometheus-stack-'));
    assert.ok(archive, `no kube-prometheus-stack archive in ${REAL_CHARTS_DIR}`);
    const [, version] = /^kube-prometheus-stack-(.*)\.tgz$/.exec(archive)!;
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: monitoring\n    options:\n      repo: ${repo.url}\n      chart: kube-prometheus-stack\n      version: ${version}\n`),
    });
    const refresh = await runCli('refresh-assets --source', dir);
    assert.equal(refresh.code, 0, refresh.stderr);
    const out = path.join(dir, 'out');
    const run = await runCli('generate-manifests --source', dir, '--output', out);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /app "monitoring" \(template "helm-chart"\): chart "kube-prometheus-stack" [^ ]+ renders Secret\/monitoring\/monitoring-grafana with keys [^:]*"admin-password"[^:]*: homelab never publishes a plaintext Secret\. Give the chart an existing Secret instead: [^;]*`grafana\.admin\.existingSecret`/);
    assert.match(run.stderr, /renders Secret\/monitoring\/alertmanager-monitoring-kube-prometheus-alertmanager with [^;]*`alertmanager\.alertmanagerSpec\.useExistingSecret`/);
    assert.match(run.stderr, /SOPS-encrypted in the source repo .* or with an external secrets operator/);
    // No value of the Secrets is shown.
    assert.doesNotMatch(run.stderr, /prom-operator/);
  });
});

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** `helm template` run directly, with the values on stdin, parsed as YAML 1.1 documents like the API server reads them. */
async function helmTemplate(release: string, archive: string, apiVersions: readonly string[], values: Record<string, unknown>): Promise<Obj[]> {
  const child = execFile(HELM, [
    'template', release, archive, '--namespace', release, '--kube-version', 'v1.34.0',
    '--api-versions', apiVersions.join(','), '--include-crds', '--skip-tests', '--values', '-',
  ], { maxBuffer: 64 * 1024 * 1024 });
  child.stdin!.end(JSON.stringify(values));
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`helm template exited ${code}`))));
  });
  return parseAllDocuments(stdout).map((document) => document.toJS() as Obj | null).filter((o): o is Obj => Boolean(o?.kind));
}
