// Downloads one asset into a directory: charts with the real `helm pull`, files with fetch().
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Helm } from '../helm/helm-binary.ts';
import { assetFileName, describeAsset, type AssetSpec, type HelmChartAssetSpec } from '../templates/asset-spec.ts';

/** Fetches `spec` into `dir/<assetFileName>` and returns that path. Errors say what was asked of whom. */
export async function fetchAsset(spec: AssetSpec, dir: string, helm: () => Promise<Helm>, sourceDir: string): Promise<string> {
  const target = path.join(dir, assetFileName(spec));
  if (spec.type === 'url') await download(spec.url, target);
  else if (spec.path !== undefined) await packageChart(spec, path.join(sourceDir, spec.path), target, await helm());
  else await pullChart(spec, target, await helm());
  return target;
}

/** A chart kept in the source repo, packaged by `helm package` (whose archives are byte-reproducible). */
async function packageChart(spec: HelmChartAssetSpec, chartDir: string, target: string, helm: Helm): Promise<void> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'homelab-package-'));
  try {
    const result = await helm.run(['package', chartDir, '--destination', out]);
    if (result.code !== 0) throw new Error(`helm package of ${describeAsset(spec)} failed: ${result.stderr.trim().replace(/^Error: /, '')}`);
    const archives = (await readdir(out)).filter((name) => name.endsWith('.tgz'));
    const expected = `${spec.chart}-${spec.version}.tgz`;
    if (!archives.includes(expected)) {
      throw new Error(`${spec.path} packages as ${archives.join(', ') || 'nothing'}, not ${expected}: make the template's chart and version match its Chart.yaml`);
    }
    await rename(path.join(out, expected), target);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Where this machine's helm keeps registry logins, asked of helm itself (it depends on HELM_CONFIG_HOME and the OS). */
async function registryConfig(helm: Helm): Promise<string> {
  const result = await helm.run(['env', 'HELM_REGISTRY_CONFIG']);
  return result.code === 0 ? result.stdout.trim() : '';
}

async function download(url: string, target: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
  }
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}, expected 200`);
  await writeFile(target, Buffer.from(await response.arrayBuffer()));
}

/**
 * `helm pull` with its own empty repository cache, so no repository the machine's helm knows leaks
 * in; registry logins (`helm registry login`) are kept, since private OCI registries need them.
 */
async function pullChart(spec: HelmChartAssetSpec, target: string, helm: Helm): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'homelab-helm-'));
  try {
    const out = path.join(home, 'out');
    await mkdir(out);
    const env = {
      HELM_REGISTRY_CONFIG: await registryConfig(helm),
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
      HELM_REPOSITORY_CONFIG: path.join(home, 'repositories.yaml'),
      HELM_REPOSITORY_CACHE: path.join(home, 'repository'),
    };
    const repo = spec.repo ?? '';
    const args = repo.startsWith('oci://')
      ? ['pull', `${repo.replace(/\/$/, '')}/${spec.chart}`, '--version', spec.version, '--destination', out, ...(spec.plainHttp ? ['--plain-http'] : [])]
      : ['pull', spec.chart, '--repo', repo, '--version', spec.version, '--destination', out];
    const result = await helm.run(args, { env });
    if (result.code !== 0) throw new Error(`helm pull of ${describeAsset(spec)} failed: ${result.stderr.trim().replace(/^Error: /, '')}`);
    const [archive] = (await readdir(out)).filter((name) => name.endsWith('.tgz'));
    if (!archive) throw new Error(`helm pull of ${describeAsset(spec)} produced no chart archive`);
    await rename(path.join(out, archive), target);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
