// Packages a chart kept in the source repo: its files (.helmignore honoured) plus its Chart.yaml dependencies,
// fetched with the real helm (https:// repositories, oci:// registries) or packaged from file:// directories,
// into charts/ of a reproducible archive; every fetched dependency is pinned (version and sha256).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HomelabError, messageOf } from '../errors.ts';
import type { Helm } from '../helm/helm-binary.ts';
import { sha256Hex } from '../util/sha256.ts';
import { packChart } from './chart-package.ts';
import { chartSourceDigest, fileDependencyDir, readChartSource, subchartArchive, type ChartDependency } from './chart-source.ts';
import { helmPull } from './helm-pull.ts';
import type { LockedDependency } from './lock.ts';

export interface SourceChartOptions {
  /** The template declaring the chart, for the command in messages. */
  readonly template: string;
  /** The source repo. */
  readonly sourceDir: string;
  /** The chart directory, relative to the source repo. */
  readonly path: string;
  readonly helm: () => Promise<Helm>;
  /** oci:// dependencies speak plain HTTP. */
  readonly plainHttp?: boolean | undefined;
  /** What the lock pinned last time: kept while Chart.yaml asks for the same thing, unless `update`. */
  readonly locked: readonly LockedDependency[];
  /** Re-resolve version ranges and accept re-published bytes. */
  readonly update: boolean;
}

export interface PackagedChart {
  readonly name: string;
  readonly version: string;
  readonly archive: Buffer;
  readonly sourceDigest: string;
  readonly dependencies: readonly LockedDependency[];
}

export async function packageSourceChart(options: SourceChartOptions): Promise<PackagedChart> {
  const pinned = new Map<string, LockedDependency>();
  const packaged = await packageDir(options, options.path, [], pinned);
  const dependencies = [...pinned.values()].sort((a, b) => key(a).localeCompare(key(b)));
  return { ...packaged, sourceDigest: await chartSourceDigest(options.sourceDir, options.path), dependencies };
}

const key = (d: LockedDependency) => `${d.name}\u0000${d.version}\u0000${d.repository}`;

async function packageDir(options: SourceChartOptions, dir: string, stack: readonly string[], pinned: Map<string, LockedDependency>): Promise<{ name: string; version: string; archive: Buffer }> {
  if (stack.includes(dir)) throw new HomelabError(`file:// dependencies form a cycle: ${[...stack, dir].join(' -> ')}`);
  const chart = await readChartSource(options.sourceDir, dir);
  const files = new Map<string, Uint8Array>(chart.files);
  for (const dependency of chart.dependencies) {
    const { repository } = dependency;
    const where = `dependency "${dependency.name}" ${dependency.version} of ${dir}`;
    if (repository === '') {
      const present = [...files.keys()].some((file) => file.startsWith(`charts/${dependency.name}/`) || subchartArchive(dependency.name).test(file));
      if (!present) throw new HomelabError(`${where} has no repository and is not in ${dir}/charts/: give its repository (https://…, oci://… or file://…)`);
      continue;
    }
    if (!/^(https?|oci|file):\/\//.test(repository)) {
      throw new HomelabError(`${where}: repository "${repository}" is not supported; give the repository's URL (https://…, oci://… or file://…), not a name from \`helm repo add\``);
    }
    if (dependency.version === '') throw new HomelabError(`${where} has no version: give an exact version or a range in ${dir}/Chart.yaml`);
    // A chart archive built by hand (`helm dependency build`) would be a second copy: homelab's pinned one replaces it.
    for (const file of [...files.keys()]) if (subchartArchive(dependency.name).test(file)) files.delete(file);

    let archive: Buffer;
    let version: string;
    if (repository.startsWith('file://')) {
      const local = await packageDir(options, fileDependencyDir(dir, dependency), [...stack, dir], pinned);
      ({ archive, version } = local);
      if (local.name !== dependency.name) throw new HomelabError(`${where}: ${repository} holds chart "${local.name}", not "${dependency.name}"`);
    } else {
      ({ archive, version } = await fetchDependency(options, dependency, where));
    }
    const sha256 = sha256Hex(archive);
    if (!repository.startsWith('file://')) {
      const entry: LockedDependency = { name: dependency.name, version, ...(dependency.version !== version && { constraint: dependency.version }), repository, sha256 };
      pinned.set(key(entry), entry);
    }
    files.set(`charts/${dependency.name}-${version}.tgz`, archive);
  }
  return { name: chart.name, version: chart.version, archive: packChart(chart.name, files) };
}

/**
 * One https:// or oci:// dependency, pulled by the real helm. A dependency the lock pinned for the same request
 * (name, repository, version or range) is pulled at its pinned version, and its bytes must not have changed.
 */
async function fetchDependency(options: SourceChartOptions, dependency: ChartDependency, where: string): Promise<{ archive: Buffer; version: string }> {
  const sameRequest = options.locked.find((l) => l.name === dependency.name && l.repository === dependency.repository && (l.constraint ?? l.version) === dependency.version);
  const version = !options.update && sameRequest ? sameRequest.version : dependency.version;
  const out = await mkdtemp(path.join(os.tmpdir(), 'homelab-dependency-'));
  try {
    let pulled;
    try {
      pulled = await helmPull({ repo: dependency.repository, chart: dependency.name, version, plainHttp: options.plainHttp }, out, await options.helm());
    } catch (error) {
      throw new HomelabError(`${where} cannot be fetched from ${dependency.repository}: ${messageOf(error)}`, { cause: error });
    }
    const archive = await readFile(pulled.archive);
    const sha256 = sha256Hex(archive);
    const locked = options.locked.find((l) => l.name === dependency.name && l.repository === dependency.repository && l.version === pulled.version);
    if (locked && locked.sha256 !== sha256 && !options.update) {
      throw new HomelabError(`${where}: chart "${dependency.name}" ${pulled.version} from ${dependency.repository} was re-published with different bytes: its sha256 is ${sha256}, assets/lock.yaml pinned ${locked.sha256}; if you trust the new archive, accept it with \`homelab refresh-assets --update ${options.template}\``);
    }
    return { archive, version: pulled.version };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
