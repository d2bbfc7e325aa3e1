// Downloads one asset into a directory: charts with the real `helm pull` (or packaged from the source repo), files with fetch().
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Helm } from '../helm/helm-binary.ts';
import { helmPull } from './helm-pull.ts';
import type { LockEntry, LockedDependency } from './lock.ts';
import { packageSourceChart } from './source-chart.ts';
import { assetFileName, describeAsset, type AssetSpec, type HelmChartAssetSpec } from '../templates/asset-spec.ts';

export interface FetchContext {
  readonly helm: () => Promise<Helm>;
  readonly sourceDir: string;
  /** The template declaring the asset, for messages. */
  readonly template: string;
  /** What assets/lock.yaml holds for this file, if anything. */
  readonly locked?: LockEntry | undefined;
  /** The user asked to accept new bytes and re-resolve ranges (`--update`). */
  readonly update: boolean;
}

export interface FetchedAsset {
  /** The file, `dir/<assetFileName>`. */
  readonly path: string;
  /** Charts kept in the source repo: their sources' digest and pinned dependencies, for the lock. */
  readonly sourceDigest?: string;
  readonly dependencies?: readonly LockedDependency[];
}

/** Fetches `spec` into `dir/<assetFileName>`. Errors say what was asked of whom. */
export async function fetchAsset(spec: AssetSpec, dir: string, context: FetchContext): Promise<FetchedAsset> {
  const target = path.join(dir, assetFileName(spec));
  if (spec.type === 'url') {
    await download(spec.url, target);
    return { path: target };
  }
  if (spec.path !== undefined) return packageChart(spec, spec.path, target, context);
  await pullChart(spec, target, await context.helm());
  return { path: target };
}

/** A chart kept in the source repo, with its dependencies, packaged reproducibly. */
async function packageChart(spec: HelmChartAssetSpec, chartPath: string, target: string, context: FetchContext): Promise<FetchedAsset> {
  const packaged = await packageSourceChart({
    template: context.template,
    sourceDir: context.sourceDir,
    path: chartPath,
    helm: context.helm,
    plainHttp: spec.plainHttp,
    locked: context.locked?.dependencies ?? [],
    update: context.update,
  });
  if (packaged.name !== spec.chart || packaged.version !== spec.version) {
    throw new Error(`${chartPath} packages as ${packaged.name}-${packaged.version}.tgz, not ${spec.chart}-${spec.version}.tgz: make the template's chart and version match its Chart.yaml`);
  }
  await writeFile(target, packaged.archive);
  return { path: target, sourceDigest: packaged.sourceDigest, dependencies: packaged.dependencies };
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

async function pullChart(spec: HelmChartAssetSpec, target: string, helm: Helm): Promise<void> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'homelab-pull-'));
  try {
    const pulled = await helmPull({ repo: spec.repo ?? '', chart: spec.chart, version: spec.version, plainHttp: spec.plainHttp }, out, helm).catch((error: Error) => {
      throw new Error(`helm pull of ${describeAsset(spec)} failed: ${error.message}`, { cause: error });
    });
    await rename(pulled.archive, target);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
