// A real Helm chart repository on 127.0.0.1: charts made with `helm create` / `helm package`, indexed
// with `helm repo index`, served over HTTP. Tests use the real helm from the project's tool cache.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { toolPath } from './tools.ts';

const exec = promisify(execFile);

/** The real helm binary built by scripts/tools/setup.sh; also what homelab finds through HOMELAB_HELM (testEnv). */
export const HELM = toolPath('helm');

/** A minimal valid CRD (`widgets.example.dev`, kind Widget, v1) for a chart's crds/ folder. */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.dev }
spec:
  group: example.dev
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
`;

export interface ChartSpec {
  readonly name: string;
  readonly version: string;
  /** Files under templates/ replacing what `helm create` made (keeps its _helpers.tpl). */
  readonly templates?: Record<string, string>;
  /** Files under crds/. */
  readonly crds?: Record<string, string>;
  /** values.yaml, replacing helm create's. */
  readonly values?: string;
  /** More files of the chart by path (e.g. `values.schema.json`). */
  readonly files?: Record<string, string>;
}

export interface ChartRepo {
  readonly url: string;
  /** Paths requested so far (for asserting what was fetched). */
  readonly requests: string[];
  addChart(spec: ChartSpec): Promise<string>;
  /** Serves an existing chart archive (replacing one of the same name: a re-publish) and re-indexes. Returns its path. */
  addArchive(archive: string): Promise<string>;
  /** Makes the server answer `status` for every request (e.g. 500), or serve files again with undefined. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startChartRepo(): Promise<ChartRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'homelab-chart-repo-'));
  const served = path.join(root, 'repo');
  await mkdir(served);
  const requests: string[] = [];
  let failure: number | undefined;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    if (failure !== undefined) {
      response.writeHead(failure).end('failing on purpose\n');
      return;
    }
    const file = path.join(served, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    readFile(file).then(
      (content) => response.writeHead(200, { 'content-type': file.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' }).end(content),
      () => response.writeHead(404).end('not found\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    failWith: (status) => {
      failure = status;
    },
    async addChart(spec) {
      const work = path.join(root, 'work', `${spec.name}-${spec.version}`);
      await mkdir(work, { recursive: true });
      await exec(HELM, ['create', spec.name], { cwd: work });
      const chartDir = path.join(work, spec.name);
      const chartYaml = (await readFile(path.join(chartDir, 'Chart.yaml'), 'utf8')).replace(/^version: .*$/m, `version: ${spec.version}`);
      await writeFile(path.join(chartDir, 'Chart.yaml'), chartYaml);
      if (spec.values !== undefined) await writeFile(path.join(chartDir, 'values.yaml'), spec.values);
      if (spec.templates) {
        await rm(path.join(chartDir, 'templates'), { recursive: true, force: true });
        await mkdir(path.join(chartDir, 'templates'));
        for (const [file, text] of Object.entries(spec.templates)) await writeFile(path.join(chartDir, 'templates', file), text);
      }
      for (const [file, text] of Object.entries(spec.files ?? {})) {
        await mkdir(path.dirname(path.join(chartDir, file)), { recursive: true });
        await writeFile(path.join(chartDir, file), text);
      }
      if (spec.crds) {
        await mkdir(path.join(chartDir, 'crds'));
        for (const [file, text] of Object.entries(spec.crds)) await writeFile(path.join(chartDir, 'crds', file), text);
      }
      await exec(HELM, ['package', chartDir, '--destination', served]);
      await exec(HELM, ['repo', 'index', served, '--url', url]);
      return path.join(served, `${spec.name}-${spec.version}.tgz`);
    },
    async addArchive(archive) {
      const target = path.join(served, path.basename(archive));
      await writeFile(target, await readFile(archive));
      await exec(HELM, ['repo', 'index', served, '--url', url]);
      return target;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
