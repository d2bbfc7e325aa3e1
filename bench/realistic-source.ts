// A realistic homelab for the benchmarks: 17 apps, 14 of them from the 10 real chart archives of ../shared/charts
// (served by a local chart repository and vendored by `refresh-assets`), 3 from small user templates that create the
// custom resources a homelab adds on top of its operators. Where a chart needs values (or the `chart` template's
// Namespace) to pass homelab's policies, they are set here as a user would, each with a comment saying why (issue 13
// will need fewer of them).
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));

/** ../shared/charts relative to the checkout (or beside the directory of worktrees); undefined when absent. */
export function realChartsDir(): string | undefined {
  const candidates = [path.join(root, '..', 'shared', 'charts'), path.join(root, '..', '..', 'shared', 'charts')];
  return candidates.find((dir) => existsSync(path.join(dir, 'kube-prometheus-stack-88.5.3.tgz')));
}

export interface RealChartRepo {
  readonly url: string;
  close(): Promise<void>;
}

/** A chart repository on 127.0.0.1 serving the real archives (indexed with the real `helm repo index`). */
export async function startRealChartRepo(helm: string, chartsDir: string): Promise<RealChartRepo> {
  const served = await mkdtemp(path.join(os.tmpdir(), 'homelab-bench-charts-'));
  for (const file of (await readdir(chartsDir)).filter((name) => name.endsWith('.tgz'))) await copyFile(path.join(chartsDir, file), path.join(served, file));
  const server: Server = createServer((request, response) => {
    const name = path.basename(new URL(request.url ?? '/', 'http://localhost').pathname);
    readFile(path.join(served, name)).then(
      (content) => response.writeHead(200).end(content),
      () => response.writeHead(404).end('not found\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await exec(helm, ['repo', 'index', served, '--url', url]);
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(served, { recursive: true, force: true });
    },
  };
}

/** One app rendered from a chart: what `helm template` gets for it (the bench's sequential baseline uses the same). */
export interface ChartApp {
  readonly id: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
  readonly dependencies?: readonly string[];
}

export const CHART_APPS: readonly ChartApp[] = [
  // crds.enabled: the chart templates its CRDs only when asked (cert-manager's own recommendation for GitOps).
  { id: 'cert-manager', chart: 'cert-manager', version: 'v1.21.1', values: { crds: { enabled: true } } },
  { id: 'traefik', chart: 'traefik', version: '41.3.0', values: { service: { type: 'LoadBalancer' } }, dependencies: ['metallb'] },
  { id: 'ingress-nginx', chart: 'ingress-nginx', version: '4.15.1', values: {}, dependencies: ['metallb'] },
  // A second controller needs its own IngressClass (the chart names both "nginx" otherwise: two apps, one object).
  {
    id: 'ingress-nginx-internal', chart: 'ingress-nginx', version: '4.15.1', dependencies: ['metallb'],
    values: { controller: { ingressClass: 'nginx-internal', ingressClassResource: { name: 'nginx-internal', controllerValue: 'k8s.io/ingress-nginx-internal' }, electionID: 'ingress-nginx-internal-leader' } },
  },
  { id: 'metallb', chart: 'metallb', version: '0.16.1', values: {} },
  { id: 'longhorn', chart: 'longhorn', version: '1.12.1', values: { persistence: { defaultClassReplicaCount: 2 } } },
  { id: 'cnpg', chart: 'cloudnative-pg', version: '0.29.0', values: {} },
  { id: 'external-dns', chart: 'external-dns', version: '1.21.1', values: { provider: { name: 'cloudflare' }, domainFilters: ['home.example.com'] } },
  { id: 'external-dns-internal', chart: 'external-dns', version: '1.21.1', values: { provider: { name: 'rfc2136' }, domainFilters: ['home.arpa'], txtOwnerId: 'internal' } },
  { id: 'metrics-server', chart: 'metrics-server', version: '3.13.1', values: { args: ['--kubelet-insecure-tls'] } },
  {
    id: 'monitoring', chart: 'kube-prometheus-stack', version: '88.5.3', dependencies: ['cert-manager'],
    values: {
      // grafana renders a Secret holding a random admin password: point it at a Secret made outside the repo (SOPS).
      grafana: { admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } },
      // alertmanager renders its configuration as a Secret: use one made outside the repo.
      alertmanager: { alertmanagerSpec: { useExistingSecret: true, configSecret: 'alertmanager-config' } },
    },
  },
  { id: 'podinfo', chart: 'podinfo', version: '6.14.1', values: { replicaCount: 2 } },
  { id: 'podinfo-blue', chart: 'podinfo', version: '6.14.1', values: { ui: { color: '#34577c' } } },
  { id: 'podinfo-green', chart: 'podinfo', version: '6.14.1', values: { ui: { color: '#2e7d32' } } },
];

/** The user-template apps: custom resources of the operators above. */
const USER_APPS = `  - template: cluster-issuers
    dependencies: [cert-manager]
    options: { email: admin@home.example.com }
  - template: address-pools
    namespace: metallb
    dependencies: [metallb]
    options: { addresses: [192.168.1.240-192.168.1.250] }
  - template: app-database
    dependencies: [cnpg]
    options: { instances: 2, storage: 10Gi }
`;

const TEMPLATES: Record<string, string> = {
  // The built-in helm-chart template creates no Namespace (helm template has no --create-namespace) and homelab
  // refuses objects in namespaces nobody creates: this small template is helm-chart plus the app's Namespace.
  chart: `// Any vendored Helm chart, in a Namespace of its own.
import { ApiObject, Chart, appLabels, defineTemplate, helmChart, helmChartAsset, z } from 'homelab';

export default defineTemplate({
  name: 'chart',
  options: z.strictObject({ repo: z.string(), chart: z.string(), version: z.string(), values: z.record(z.string(), z.unknown()).default({}) }),
  assets: (options) => ({ chart: helmChartAsset({ repo: options.repo, chart: options.chart, version: options.version }) }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace, labels: appLabels(app.id) } });
    helmChart(chart, 'release', { chart: app.assets.chart!, values: app.options.values });
    return chart;
  },
});
`,
  'cluster-issuers': `// cert-manager ClusterIssuers: a self-signed one and Let's Encrypt over HTTP-01.
import { ApiObject, Chart, defineTemplate, z } from 'homelab';

export default defineTemplate({
  name: 'cluster-issuers',
  options: z.strictObject({ email: z.string() }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'selfsigned', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } });
    new ApiObject(chart, 'letsencrypt', {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' },
      spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', email: app.options.email, privateKeySecretRef: { name: 'letsencrypt-account' }, solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }] } },
    });
    return chart;
  },
});
`,
  'address-pools': `// MetalLB address pools announced over L2.
import { ApiObject, Chart, defineTemplate, z } from 'homelab';

export default defineTemplate({
  name: 'address-pools',
  options: z.strictObject({ addresses: z.array(z.string()) }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'pool', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'default' }, spec: { addresses: app.options.addresses } });
    new ApiObject(chart, 'l2', { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'default' }, spec: { ipAddressPools: ['default'] } });
    return chart;
  },
});
`,
  'app-database': `// A CloudNativePG cluster with nightly backups.
import { ApiObject, Chart, appLabels, defineTemplate, z } from 'homelab';

export default defineTemplate({
  name: 'app-database',
  options: z.strictObject({ instances: z.number().int().min(1).default(1), storage: z.string().default('5Gi') }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace, labels: appLabels(app.id) } });
    new ApiObject(chart, 'cluster', {
      apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: app.id, labels: appLabels(app.id, 'database') },
      spec: { instances: app.options.instances, storage: { size: app.options.storage, storageClass: 'longhorn' }, bootstrap: { initdb: { database: 'app', owner: 'app' } } },
    });
    new ApiObject(chart, 'backup', {
      apiVersion: 'postgresql.cnpg.io/v1', kind: 'ScheduledBackup', metadata: { name: \`\${app.id}-nightly\` },
      spec: { schedule: '0 0 3 * * *', cluster: { name: app.id }, method: 'volumeSnapshot' },
    });
    return chart;
  },
});
`,
};

/** Writes the source repository (config and user templates; `refresh-assets` vendors the charts from `repoUrl`). */
export async function writeRealisticSource(dir: string, repoUrl: string): Promise<void> {
  await mkdir(path.join(dir, 'config'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  await writeFile(path.join(dir, 'config/flux.yaml'), 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://git.example.com/me/manifests.git\nkubeVersion: "1.34"\n');
  const apps = CHART_APPS.map((app) => [
    '  - template: chart',
    `    id: ${app.id}`,
    ...(app.dependencies ? [`    dependencies: [${app.dependencies.join(', ')}]`] : []),
    `    options: ${JSON.stringify({ repo: repoUrl, chart: app.chart, version: app.version, values: app.values })}`,
  ].join('\n'));
  await writeFile(path.join(dir, 'config/apps.yaml'), `apiVersion: v1alpha1\nkind: HomelabAppsConfig\napps:\n${apps.join('\n')}\n${USER_APPS}`);
  for (const [name, code] of Object.entries(TEMPLATES)) {
    await mkdir(path.join(dir, 'templates', name), { recursive: true });
    await writeFile(path.join(dir, 'templates', name, 'index.ts'), code);
  }
}
