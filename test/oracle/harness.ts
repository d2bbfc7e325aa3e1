// The oracle: judges every corpus entry with homelab's validation and with a real kube-apiserver, and compares.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/tools.ts';
import { ApiServer, type ApiVerdict } from './api-server.ts';
import { renderCharts, sharedChartsDir } from './charts.ts';
import { judge, disagreements, type Disagreement, type Judged } from './compare.ts';
import { generatedCorpus, type CorpusEntry, type JsonObject } from './corpus/index.ts';
import { judgeWithHomelab, type HomelabVerdict } from './homelab-adapter.ts';

/** The Kubernetes version of the test cluster (test/support/cluster.ts, scripts/tools/versions.env). */
export const KUBE_VERSION = '1.34';

/** Namespaces every cluster has; never created by the oracle, nor rendered for homelab. */
const CLUSTER_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export interface OracleOptions {
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
  /** Render ../shared/charts when present. @default true */
  readonly charts?: boolean;
}

export interface Skipped {
  readonly ids: readonly string[];
  readonly reason: string;
}

export interface OracleRun {
  readonly judged: readonly Judged[];
  readonly disagreements: readonly Disagreement[];
  /** Generated entries the API server judged otherwise than their tag says: the corpus is wrong there. */
  readonly expectationMismatches: readonly { readonly id: string; readonly expected: boolean; readonly message: string }[];
  readonly skipped: readonly Skipped[];
  /** The charts rendered, or why none were. */
  readonly charts: readonly { readonly chart: string; readonly objects: number }[] | string;
  readonly timings: Readonly<Record<'setup' | 'charts' | 'apiServer' | 'homelab', number>>;
}

/** Runs the whole oracle against the cluster of `kubeconfigPath` (a fresh one from startCluster({ flux: false })). */
export async function runOracle(kubeconfigPath: string, options: OracleOptions = {}): Promise<OracleRun> {
  const log = options.log ?? (() => undefined);
  const api = ApiServer.fromKubeconfig(kubeconfigPath);
  try {
    const t0 = Date.now();
    await api.discover();
    // The CRDs already there (Flux's, from startCluster): established, and known, before anything is judged.
    await api.waitEstablished(await api.crdNames());
    const corpus = generatedCorpus();

    // Flux CRDs the test cluster lacks (helm-controller's: cluster.ts installs source- and kustomize-controller's), created
    // from the documents Flux's Go modules ship (schemas/flux-crds.json, the versions the project pins).
    const missingFluxCrds = await fluxCrdsNotServed(api);
    if (missingFluxCrds.length > 0) {
      log(`► creating ${missingFluxCrds.length} Flux CRDs the test cluster lacks`);
      for (const crd of missingFluxCrds) await api.create(crd);
      await api.waitEstablished(missingFluxCrds.map(nameOf));
    }

    // Kinds whose CRDs the cluster still lacks (the bundle is absent: `npm ci` fetches it).
    const served = new Set(api.servedKinds().map((k) => `${groupOf(k)}/${k.split('/').pop()}`));
    const missingCrd = corpus.entries.filter((e) => /\.toolkit\.fluxcd\.io\//.test(String(e.object.apiVersion)) && !served.has(`${groupOf(String(e.object.apiVersion))}/${String(e.object.kind)}`));
    const skipped: Skipped[] = [];
    if (missingCrd.length > 0) {
      const kinds = [...new Set(missingCrd.map((e) => `${e.object.kind} (${groupOf(String(e.object.apiVersion))})`))].join(', ');
      skipped.push({ ids: missingCrd.map((e) => e.id), reason: `the test cluster has no CRD for ${kinds}, and schemas/flux-crds.json is absent (run npm ci)` });
    }
    const generated = corpus.entries.filter((e) => !missingCrd.includes(e));

    // The support CRDs, for real: the custom resources of the corpus are judged against them.
    log(`► creating the corpus's CRDs`);
    for (const crd of corpus.supportCrds) await api.create(crd);
    await api.waitEstablished(corpus.supportCrds.map(nameOf));
    const tSetup = Date.now();

    let charts: OracleRun['charts'] = 'charts not rendered (options.charts is false)';
    let chartEntries: CorpusEntry[] = [];
    const chartsDir = options.charts === false ? undefined : sharedChartsDir();
    if (options.charts !== false && !chartsDir) charts = 'skipped: no chart archives in ../shared/charts (or $HOMELAB_REAL_CHARTS)';
    if (chartsDir) {
      log(`► rendering the charts in ${chartsDir}`);
      const rendered = await renderCharts(chartsDir, KUBE_VERSION, apiVersionSet(api.servedKinds()));
      chartEntries = rendered.flatMap((r) => r.entries);
      charts = rendered.map((r) => ({ chart: r.chart, objects: r.entries.length }));
    }
    const tCharts = Date.now();

    const entries = [...generated, ...chartEntries];
    const namespaces = namespacesOf(entries);
    // Namespace objects of the corpus create theirs; the rest are rendered by homelab's context app.
    const createdByEntries = new Set(entries.filter((e) => e.object.kind === 'Namespace').map(nameOf));
    log(`► creating ${namespaces.length} namespaces and what chart objects rely on (CRDs, ServiceAccounts, PriorityClasses)`);
    for (const name of namespaces) await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const { created: chartCrds, verdicts: createdVerdicts } = await createChartDependencies(api, chartEntries);
    await api.waitDefaultServiceAccounts([...namespaces, 'default']);
    const tReady = Date.now();

    // One judge after the other: homelab's render is synchronous CPU work that would stall the requests to the API server.
    // The charts' custom resources go last: their CRDs take a while to be established, and meanwhile the rest is judged.
    log(`► judging ${entries.length} objects with the API server (server-side apply, dry run)`);
    const crdKinds = new Set(chartCrds.map(({ object }) => `${(object.spec as { group: string }).group}/${(object.spec as { names: { kind: string } }).names.kind}`));
    const usesChartCrd = (e: CorpusEntry) => crdKinds.has(`${groupOf(String(e.object.apiVersion))}/${String(e.object.kind)}`);
    const apiVerdicts = entries.map((e) => createdVerdicts.get(e.id));
    const judgeWithApi = async (indexes: number[]) => {
      const verdicts = await mapBounded(indexes, 8, (i) => api.dryRunApply(entries[i]!.object, namespaceOf(entries[i]!)));
      indexes.forEach((i, k) => (apiVerdicts[i] = verdicts[k]!));
    };
    // Objects already created for real have their verdict: the same request without dry run.
    await judgeWithApi(entries.flatMap((e, i) => (apiVerdicts[i] || usesChartCrd(e) ? [] : [i])));
    await api.waitEstablished(chartCrds.map(nameOf));
    await judgeWithApi(entries.flatMap((e, i) => (!apiVerdicts[i] && usesChartCrd(e) ? [i] : [])));
    const tApi = Date.now();
    log(`► judging ${entries.length} objects with homelab's validation`);
    const homelab = await judgeWithHomelab(
      entries.map((e) => ({ id: e.id, text: e.text ?? JSON.stringify(e.object, null, 1), namespace: namespaceOf(e), ...(e.object.kind === 'CustomResourceDefinition' && { crdName: nameOf(e.object) }) })),
      { namespaces: namespaces.filter((n) => !createdByEntries.has(n)), kubeVersion: KUBE_VERSION },
    );
    const tHomelab = Date.now();

    const judged = entries.map((entry, i) => judge(entry, apiVerdicts[i]!, homelab.get(entry.id) as HomelabVerdict));
    return {
      judged,
      disagreements: disagreements(judged),
      expectationMismatches: judged
        .filter(({ entry, api: verdict }) => entry.valid !== undefined && entry.valid !== verdict.accepted)
        .map(({ entry, api: verdict }) => ({ id: entry.id, expected: entry.valid!, message: verdict.message || 'accepted' })),
      skipped,
      charts,
      timings: { setup: tSetup - t0 + (tReady - tCharts), charts: tCharts - tSetup, apiServer: tApi - tReady, homelab: tHomelab - tApi },
    };
  } finally {
    api.close();
  }
}

/**
 * What chart objects rely on at admission when applied together, created for real first: their CRDs (so their custom
 * resources are judged), ServiceAccounts (pods are refused without theirs) and PriorityClasses. One the server refuses
 * is judged (and reported) as an entry like any other. Returns the CRDs created (not yet established), and the verdict
 * on each object created.
 */
async function createChartDependencies(api: ApiServer, entries: readonly CorpusEntry[]): Promise<{ created: CorpusEntry[]; verdicts: Map<string, ApiVerdict> }> {
  const dependencies = entries.filter(({ object: { apiVersion, kind } }) =>
    (apiVersion === 'apiextensions.k8s.io/v1' && kind === 'CustomResourceDefinition') ||
    (apiVersion === 'v1' && kind === 'ServiceAccount') ||
    (apiVersion === 'scheduling.k8s.io/v1' && kind === 'PriorityClass'));
  const verdicts = await mapBounded(dependencies, 8, (entry) => api.createOrRefuse(entry.object, namespaceOf(entry)));
  return {
    created: dependencies.filter((e, i) => verdicts[i]!.accepted && e.object.kind === 'CustomResourceDefinition'),
    verdicts: new Map(dependencies.map((e, i) => [e.id, verdicts[i]!])),
  };
}

/** The CRDs of schemas/flux-crds.json (written by `npm ci`) whose kinds the cluster does not serve; none when the bundle is absent. */
async function fluxCrdsNotServed(api: ApiServer): Promise<JsonObject[]> {
  const bundle = join(REPO_ROOT, 'schemas', 'flux-crds.json');
  if (!existsSync(bundle)) return [];
  const { crds } = JSON.parse(await readFile(bundle, 'utf8')) as { crds: JsonObject[] };
  const served = new Set(api.servedKinds().map((k) => `${groupOf(k)}/${k.split('/').pop()}`));
  return crds.filter((crd) => {
    const spec = crd.spec as { group: string; names: { kind: string } };
    return !served.has(`${spec.group}/${spec.names.kind}`);
  });
}

/** `apps/v1/Deployment` → `apps`; `v1/Pod` → `` (core). */
function groupOf(apiVersionOrKind: string): string {
  const parts = apiVersionOrKind.split('/');
  return parts.length >= 3 || (parts.length === 2 && !/^v\d/.test(parts[0]!)) ? parts[0]! : '';
}

function nameOf(object: JsonObject | CorpusEntry): string {
  const o = ('object' in object ? object.object : object) as { metadata?: { name?: string } };
  return o.metadata?.name ?? '';
}

/** The namespace an entry's object goes to when its kind is namespaced: its own, else the entry's default. */
function namespaceOf(entry: CorpusEntry): string {
  const own = (entry.object.metadata as { namespace?: unknown } | undefined)?.namespace;
  return typeof own === 'string' && own !== '' ? own : (entry.namespace ?? 'oracle');
}

/** Every valid namespace the entries use, but those every cluster has. */
function namespacesOf(entries: readonly CorpusEntry[]): string[] {
  const names = new Set(entries.map(namespaceOf).filter((n) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n) && !CLUSTER_NAMESPACES.has(n)));
  return [...names].sort();
}

/** What helm's --api-versions takes: every group/version and group/version/Kind the cluster serves. */
function apiVersionSet(kinds: readonly string[]): string[] {
  const versions = new Set(kinds.map((k) => k.slice(0, k.lastIndexOf('/'))));
  return [...versions, ...kinds].sort();
}

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

export type { ApiVerdict, HomelabVerdict };
