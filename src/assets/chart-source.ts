// A chart kept in the source repo: its files as helm would load them (.helmignore honoured), its Chart.yaml,
// and the digest of its sources that the lock records, so rendering can tell when the chart was edited.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { HomelabError, messageOf } from '../errors.ts';
import { sha256Hex } from '../util/sha256.ts';
import { HelmIgnore } from './helmignore.ts';

export interface ChartDependency {
  readonly name: string;
  /** An exact version or a range (`^1.2.0`, `~4.5`, `>=1.0.0 <2.0.0`), as Chart.yaml says. */
  readonly version: string;
  /** `https://…`, `oci://…`, `file://…`, or empty when the chart is already in charts/. */
  readonly repository: string;
}

export interface ChartSource {
  /** The chart directory relative to the source repo, slash-separated (e.g. `charts/backup-operator`). */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly dependencies: readonly ChartDependency[];
  /** Relative path → content, for every file helm would load, sorted by path. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/** Reads a chart directory of the source repo (`relativeDir`), following symlinks that stay inside the repo. */
export async function readChartSource(sourceDir: string, relativeDir: string): Promise<ChartSource> {
  const root = path.join(sourceDir, relativeDir);
  const repoRoot = await realpath(sourceDir);
  let ignoreText: string | undefined;
  try {
    ignoreText = await readFile(path.join(root, '.helmignore'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const ignore = HelmIgnore.parse(ignoreText, `${relativeDir}/.helmignore`);
  const files = new Map<string, Buffer>();

  const walk = async (dir: string, prefix: string, seen: ReadonlySet<string>): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) throw new HomelabError(`${relativeDir}/${prefix}: a symlink loop`);
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const relative = prefix ? `${prefix}/${name}` : name;
      const full = path.join(dir, name);
      const target = await realpath(full).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new HomelabError(`${relativeDir}/${relative} is a broken symlink`, { cause: error }) : error;
      });
      if (target !== repoRoot && !target.startsWith(repoRoot + path.sep)) {
        throw new HomelabError(`${relativeDir}/${relative} is a symlink that leaves the source repo; copy the file into the chart`);
      }
      const info = await stat(full);
      if (info.isDirectory()) {
        if (!ignore.ignores(relative, true)) await walk(full, relative, new Set([...seen, real]));
      } else if (!ignore.ignores(relative, false)) {
        if (!info.isFile()) throw new HomelabError(`${relativeDir}/${relative} is not a regular file; helm cannot load it`);
        files.set(relative, await readFile(full));
      }
    }
  };
  try {
    if (!(await stat(root)).isDirectory()) throw new HomelabError(`${relativeDir} is not a directory`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new HomelabError(`${relativeDir} does not exist in the source repo`);
    throw error;
  }
  await walk(root, '', new Set());

  const chartYaml = files.get('Chart.yaml');
  if (!chartYaml) throw new HomelabError(`${relativeDir} has no Chart.yaml`);
  let metadata: Record<string, unknown>;
  try {
    metadata = parse(chartYaml.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new HomelabError(`${relativeDir}/Chart.yaml is not valid YAML: ${messageOf(error).split('\n')[0]}`, { cause: error });
  }
  if (typeof metadata !== 'object' || metadata === null) throw new HomelabError(`${relativeDir}/Chart.yaml is not a mapping`);
  const { name, version } = metadata;
  if (typeof name !== 'string' || name === '') throw new HomelabError(`${relativeDir}/Chart.yaml has no name`);
  if (typeof version !== 'string' && typeof version !== 'number') throw new HomelabError(`${relativeDir}/Chart.yaml has no version`);
  if (metadata.apiVersion === 'v1' && files.has('requirements.yaml')) {
    throw new HomelabError(`${relativeDir} declares dependencies in requirements.yaml (chart apiVersion v1): move them to Chart.yaml \`dependencies:\` with apiVersion v2`);
  }
  return { dir: relativeDir, name, version: String(version), dependencies: parseDependencies(metadata.dependencies, relativeDir), files };
}

function parseDependencies(value: unknown, relativeDir: string): ChartDependency[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new HomelabError(`${relativeDir}/Chart.yaml dependencies: expected a list`);
  return value.map((entry: unknown, index) => {
    const dep = entry as Record<string, unknown> | null;
    const where = `${relativeDir}/Chart.yaml dependencies[${index}]`;
    if (typeof dep !== 'object' || dep === null || typeof dep.name !== 'string' || dep.name === '') throw new HomelabError(`${where}: expected a mapping with name, version and repository`);
    if (dep.version !== undefined && typeof dep.version !== 'string' && typeof dep.version !== 'number') throw new HomelabError(`${where}.version: expected a version or a range`);
    if (dep.repository !== undefined && dep.repository !== null && typeof dep.repository !== 'string') throw new HomelabError(`${where}.repository: expected a URL`);
    return { name: dep.name, version: dep.version === undefined ? '' : String(dep.version), repository: (dep.repository as string | undefined | null) ?? '' };
  });
}

/** `file://../common` → the dependency's directory relative to the source repo; refuses paths outside it. */
export function fileDependencyDir(chartDir: string, dependency: ChartDependency): string {
  const target = path.posix.normalize(path.posix.join(chartDir, dependency.repository.slice('file://'.length)));
  if (target.startsWith('../') || target === '..' || path.posix.isAbsolute(target)) {
    throw new HomelabError(`${chartDir}/Chart.yaml: dependency "${dependency.name}" (${dependency.repository}) is outside the source repo; keep it inside so it is vendored and tracked`);
  }
  return target;
}

/**
 * The digest the lock records for a chart kept in the source repo: every file helm would load, and the files of
 * its `file://` dependencies, listed as `<sha256>  <path in the source repo>` lines (like sha256sum) and hashed.
 * Contents and paths only, so mtimes, modes and owners never change it.
 */
export async function chartSourceDigest(sourceDir: string, relativeDir: string): Promise<string> {
  const lines: string[] = [];
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    if (visited.has(dir)) return;
    visited.add(dir);
    const chart = await readChartSource(sourceDir, dir);
    // Archives `helm dependency build` left for declared dependencies are replaced by the pinned ones when packaging,
    // so they count for nothing (often gitignored, they would make the digest differ between checkouts).
    const replaced = chart.dependencies.filter((d) => d.repository !== '').map((d) => subchartArchive(d.name));
    for (const [file, content] of chart.files) {
      if (!replaced.some((archive) => archive.test(file))) lines.push(`${sha256Hex(content)}  ${dir}/${file}`);
    }
    for (const dependency of chart.dependencies) {
      if (dependency.repository.startsWith('file://')) await visit(fileDependencyDir(dir, dependency));
    }
  };
  await visit(relativeDir);
  return sha256Hex(`${lines.sort().join('\n')}\n`);
}

/** `charts/<name>-<version>.tgz`, as `helm dependency build` names what it downloads. */
export function subchartArchive(name: string): RegExp {
  return new RegExp(`^charts/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v?\\d[^/]*\\.tgz$`);
}
