// The API server's verdict on each object: server-side apply with dry run, as `kubectl apply --server-side --dry-run=server` sends it.
// One HTTPS PATCH per object over a keep-alive pool: per-object verdicts at ~15 ms each, where a kubectl process per
// object took ~340 ms (measured on the shared 2-core machine); oracle.test.ts checks that both give the same verdicts.
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import type { JsonObject } from './corpus/index.ts';

export interface ApiVerdict {
  readonly accepted: boolean;
  /** The API server's message (or kubectl's, for what kubectl refuses before sending); empty when accepted. */
  readonly message: string;
}

interface Crd {
  readonly metadata: { readonly name: string };
  readonly spec: { group: string; scope: string; names: { kind: string; plural: string }; versions: { name: string; served: boolean }[] };
  readonly status?: { conditions?: { type: string; status: string }[] };
}

interface Resource {
  readonly resource: string;
  readonly namespaced: boolean;
}

/** The field manager and query kubectl 1.34 sends for `apply --server-side --dry-run=server` (validation strict). */
const APPLY_QUERY = 'fieldManager=homelab-oracle&force=true&fieldValidation=Strict';

export class ApiServer {
  private readonly agent: Agent;
  private resources = new Map<string, Resource>();

  private constructor(private readonly server: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }) {
    this.agent = new Agent({ ...tls, keepAlive: true, maxSockets: 8 });
  }

  /** A client for the cluster of an admin kubeconfig with embedded certificates (as test/support/cluster.ts writes it). */
  static fromKubeconfig(path: string): ApiServer {
    const config = parse(readFileSync(path, 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
    };
    const cluster = config.clusters[0]!.cluster;
    const user = config.users[0]!.user;
    const decode = (data: string) => Buffer.from(data, 'base64');
    return new ApiServer(cluster.server, {
      ca: decode(cluster['certificate-authority-data']),
      cert: decode(user['client-certificate-data']),
      key: decode(user['client-key-data']),
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Every kind the server serves, as `apiVersion/kind` (e.g. `apps/v1/Deployment`): the list helm's --api-versions takes. */
  servedKinds(): string[] {
    return [...this.resources.keys()].sort();
  }

  /** Reads the server's discovery documents; call again after creating CRDs. */
  async discover(): Promise<void> {
    const resources = new Map<string, Resource>();
    const groupVersions = ['v1'];
    const groups = (await this.getJson('/apis')) as { groups: { versions: { groupVersion: string }[] }[] };
    for (const group of groups.groups) for (const version of group.versions) groupVersions.push(version.groupVersion);
    await Promise.all(
      groupVersions.map(async (groupVersion) => {
        const list = (await this.getJson(groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`)) as {
          resources: { name: string; kind: string; namespaced: boolean }[];
        };
        for (const r of list.resources) {
          if (!r.name.includes('/')) resources.set(`${groupVersion}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
        }
      }),
    );
    this.resources = resources;
  }

  /** Server-side apply with dry run: the server's verdict, without storing anything. */
  dryRunApply(object: JsonObject, defaultNamespace: string): Promise<ApiVerdict> {
    return this.apply(object, defaultNamespace, true);
  }

  /** Server-side apply for real (namespaces and CRDs the corpus needs); throws when the server refuses. */
  async create(object: JsonObject, defaultNamespace = 'default'): Promise<void> {
    const verdict = await this.createOrRefuse(object, defaultNamespace);
    if (!verdict.accepted) throw new Error(`failed to create ${describe(object)}: ${verdict.message}`);
  }

  /** Server-side apply for real: the same verdict as a dry run, and the object exists afterwards when accepted. */
  createOrRefuse(object: JsonObject, defaultNamespace: string): Promise<ApiVerdict> {
    return this.apply(object, defaultNamespace, false);
  }

  /**
   * Waits until every named CRD reports Established, then knows their kinds (from the CRDs themselves: discovery lists
   * a new group only a while later, which under load is tens of seconds for the charts' fifty CRDs).
   */
  async waitEstablished(crdNames: readonly string[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const wanted = new Set(crdNames);
    for (;;) {
      const list = (await this.getJson('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) as { items: Crd[] };
      const crds = list.items.filter((crd) => wanted.has(crd.metadata.name));
      const established = crds.filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
      if (established.length === wanted.size) {
        for (const { spec } of established) {
          for (const version of spec.versions.filter((v) => v.served)) {
            this.resources.set(`${spec.group}/${version.name}/${spec.names.kind}`, { resource: spec.names.plural, namespaced: spec.scope === 'Namespaced' });
          }
        }
        return;
      }
      if (Date.now() > deadline) {
        const late = [...wanted].filter((name) => !established.some((crd) => crd.metadata.name === name));
        throw new Error(`CustomResourceDefinitions not established after ${timeoutMs / 1000}s: ${late.join(', ')}`);
      }
      await sleep(200);
    }
  }

  /** Names of the CRDs in the cluster. */
  async crdNames(): Promise<string[]> {
    const list = (await this.getJson('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) as { items: { metadata: { name: string } }[] };
    return list.items.map((item) => item.metadata.name).sort();
  }

  /** Waits until the ServiceAccount `default` exists in each namespace (pods are refused before it does). */
  async waitDefaultServiceAccounts(namespaces: readonly string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const namespace of namespaces) {
      while ((await this.send('GET', `/api/v1/namespaces/${namespace}/serviceaccounts/default`)).status !== 200) {
        if (Date.now() > deadline) throw new Error(`ServiceAccount ${namespace}/default did not appear after ${timeoutMs / 1000}s`);
        await sleep(200);
      }
    }
  }

  private async apply(object: JsonObject, defaultNamespace: string, dryRun: boolean): Promise<ApiVerdict> {
    const { apiVersion, kind } = object;
    const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown; generateName?: unknown };
    // What kubectl refuses before it sends anything, in kubectl's words.
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return { accepted: false, message: `error validating data: ${typeof kind === 'string' && kind ? 'apiVersion' : 'kind'} not set` };
    }
    const resource = this.resources.get(`${apiVersion}/${kind}`);
    if (!resource) return { accepted: false, message: `no matches for kind "${kind}" in version "${apiVersion}"; ensure CRDs are installed first` };
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      return { accepted: false, message: metadata.generateName ? 'cannot use generate name with apply' : 'resource name may not be empty' };
    }
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : defaultNamespace;
    const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const path = `${base}${scope}/${resource.resource}/${encodeURIComponent(metadata.name)}?${APPLY_QUERY}${dryRun ? '&dryRun=All' : ''}`;
    const response = await this.send('PATCH', path, JSON.stringify(object), 'application/apply-patch+yaml');
    if (response.status >= 200 && response.status < 300) return { accepted: true, message: '' };
    return { accepted: false, message: statusMessage(response.status, response.body) };
  }

  private async getJson(path: string): Promise<unknown> {
    const response = await this.send('GET', path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${statusMessage(response.status, response.body)}`);
    return JSON.parse(response.body);
  }

  private send(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.server);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method, agent: this.agent, timeout: 60_000,
          headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': contentType ?? 'application/json', 'content-length': Buffer.byteLength(body) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The `message` of a Kubernetes Status body, or the body itself. */
function statusMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) return parsed.message;
  } catch {
    // not a Status
  }
  return `HTTP ${status}: ${body.trim().slice(0, 500)}`;
}

function describe(object: JsonObject): string {
  const metadata = (object.metadata ?? {}) as { name?: string };
  return `${String(object.kind)} ${metadata.name ?? '(no name)'}`;
}
