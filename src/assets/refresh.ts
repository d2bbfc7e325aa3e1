// `refresh-assets`: download every asset the config's templates declare, check digests, and replace
// assets/<template>/ files and assets/lock.yaml only when everything succeeded.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HomelabConfig } from '../config/model.ts';
import { zodProblems } from '../config/zod-problems.ts';
import { ConfigError, HomelabError, messageOf, type Problem } from '../errors.ts';
import type { Helm } from '../helm/helm-binary.ts';
import { assetFileName, assetSource, crdsFileName, describeAsset, specProblems, type AssetSpec } from '../templates/asset-spec.ts';
import type { TemplateSet } from '../templates/contract.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { sha256Hex as digest } from '../util/sha256.ts';
import { chartCrdsYaml } from './chart-crds-yaml.ts';
import { fetchAsset } from './fetch.ts';
import { generateTypedImports } from './typed-imports.ts';
import { formatLock, LOCK_FILE, readLock, type AssetsLock, type LockEntry, type LockedDependency } from './lock.ts';

export interface RefreshOptions {
  /** The loaded config and the templates its apps use (the pipeline's first two stages). */
  readonly config: HomelabConfig;
  readonly templates: TemplateSet;
  /** Only these templates' assets; the rest of the lock stays as it is. */
  readonly filter?: readonly string[];
  /**
   * Templates whose charts may change for the same version: a chart (or dependency) re-published with other bytes is
   * accepted, and dependency version ranges are resolved afresh. Otherwise both keep what the lock pinned.
   */
  readonly update?: readonly string[];
  /** helm, for charts (asked for only when a chart is refreshed). */
  readonly helm: () => Promise<Helm>;
  /** The environment child processes (cdk8s import) run with: the CLI's. */
  readonly env: NodeJS.ProcessEnv;
}

export interface RefreshedFile {
  readonly template: string;
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  /** Whether the locked digest changed (or the file is new). */
  readonly changed: boolean;
  /** Charts kept in the source repo: the dependencies packaged into them, as pinned. */
  readonly dependencies?: readonly LockedDependency[];
}

export interface RefreshResult {
  readonly files: readonly RefreshedFile[];
  readonly removed: readonly string[];
}

interface Wanted {
  readonly template: string;
  readonly spec: AssetSpec;
}

export async function refreshAssets(options: RefreshOptions): Promise<RefreshResult> {
  const { config, templates } = options;
  const oldLock = await readLock(config.sourceDir);

  // What the config's apps declare, per template and file; the same file must mean the same thing.
  const problems: Problem[] = [];
  const wanted = new Map<string, Wanted>();
  for (const app of config.apps) {
    const template = templates.get(app.template)!;
    if (!template.assets) continue;
    const parsed = template.options.safeParse(app.options);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, config.files.apps, template.options, app.options, ['apps', app.index, 'options']));
      continue;
    }
    const declared = typeof template.assets === 'function' ? template.assets(parsed.data) : template.assets;
    for (const spec of Object.values(declared)) {
      const key = `${template.name}/${assetFileName(spec)}`;
      const bad = specProblems(spec);
      if (bad.length > 0) problems.push(config.files.apps.problem(['apps', app.index], `template "${template.name}": ${bad.join('; ')}`));
      const earlier = wanted.get(key);
      if (earlier && JSON.stringify(earlier.spec) !== JSON.stringify(spec)) {
        problems.push(config.files.apps.problem(['apps', app.index], `assets/${key} is declared twice with different sources (${describeAsset(earlier.spec)} and ${describeAsset(spec)})`));
      }
      wanted.set(key, { template: template.name, spec });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const known = [...new Set([...wanted.values()].map((w) => w.template))].sort();
  for (const [flag, names] of [['--filter', options.filter], ['--update', options.update]] as const) {
    for (const name of names ?? []) {
      if (!known.includes(name)) {
        throw new HomelabError(`${flag} "${name}" is not a template with assets in this config${didYouMean(name, known)}${known.length ? `; templates with assets: ${known.join(', ')}` : ''}`);
      }
    }
  }
  const selected = [...wanted.values()].filter((w) => !options.filter?.length || options.filter.includes(w.template));
  const touched = new Set(options.filter?.length ? options.filter : [...known, ...Object.keys(oldLock)]);

  // Everything is downloaded next to its final place first, so a failure changes nothing.
  const assetsDir = path.join(config.sourceDir, 'assets');
  const staging = path.join(assetsDir, `.homelab-refresh-${randomBytes(6).toString('hex')}`);
  const hadAssetsDir = await stat(assetsDir).then(() => true, () => false);
  try {
    const fetched = await fetchAll(selected, staging, { helm: options.helm, sourceDir: config.sourceDir, oldLock, update: new Set(options.update ?? []), kubeVersion: config.flux.kubeVersion });
    const imports = await generateImports(selected, fetched, staging, options.env);
    const newLock = mergeLock(oldLock, fetched, touched);
    return await commit(config.sourceDir, staging, oldLock, newLock, fetched, imports, touched);
  } finally {
    await rm(staging, { recursive: true, force: true });
    // A failed first refresh leaves no empty assets/ behind.
    if (!hadAssetsDir) await rmdir(assetsDir).catch(() => undefined);
  }
}

interface Fetched {
  readonly template: string;
  readonly file: string;
  readonly staged: string;
  readonly entry: LockEntry;
}

interface FetchAllContext {
  readonly helm: () => Promise<Helm>;
  readonly sourceDir: string;
  readonly oldLock: AssetsLock;
  readonly update: ReadonlySet<string>;
  readonly kubeVersion: string;
}

async function fetchAll(selected: readonly Wanted[], staging: string, context: FetchAllContext): Promise<Fetched[]> {
  const failures: string[] = [];
  const causes: unknown[] = [];
  const results = await mapBounded(selected, 4, async ({ template, spec }): Promise<Fetched[]> => {
    const dir = path.join(staging, template);
    await mkdir(dir, { recursive: true });
    const file = assetFileName(spec);
    const locked = context.oldLock[template]?.[file];
    const update = context.update.has(template);
    try {
      const fetched = await fetchAsset(spec, dir, { helm: context.helm, sourceDir: context.sourceDir, template, locked, update });
      const content = await readFile(fetched.path);
      const sha256 = digest(content);
      if (spec.sha256 && spec.sha256 !== sha256) {
        throw new Error(`checksum mismatch for ${describeAsset(spec)}: the template expects sha256 ${spec.sha256}, the download has ${sha256}`);
      }
      const source = assetSource(spec);
      // A chart version is immutable: the same version from the same place with other bytes was re-published.
      if (spec.type === 'helm-chart' && spec.repo !== undefined && locked && locked.source === source && locked.sha256 !== sha256 && !update && !spec.sha256) {
        throw new Error(`${describeAsset(spec)} was re-published with different bytes: its sha256 is ${sha256}, ${LOCK_FILE} pinned ${locked.sha256}; if you trust the new archive, accept it with \`homelab refresh-assets --update ${template}\``);
      }
      const out: Fetched[] = [{
        template, file, staged: fetched.path,
        entry: {
          source,
          ...(spec.type === 'helm-chart' && { chart: spec.chart, version: spec.version }),
          sha256,
          size: content.length,
          ...(fetched.sourceDigest && { sourceDigest: fetched.sourceDigest }),
          ...(fetched.dependencies?.length && { dependencies: [...fetched.dependencies] }),
        },
      }];
      if (spec.type === 'helm-chart' && spec.crds) {
        const values = typeof spec.crds === 'object' ? spec.crds.values ?? {} : {};
        const crds = await chartCrdsYaml(await context.helm(), fetched.path, values, context.kubeVersion);
        const crdsPath = path.join(dir, crdsFileName(spec));
        await writeFile(crdsPath, crds);
        out.push({ template, file: crdsFileName(spec), staged: crdsPath, entry: { source, extractedFrom: file, sha256: digest(Buffer.from(crds)), size: Buffer.byteLength(crds) } });
      }
      return out;
    } catch (error) {
      failures.push(`template "${template}": ${messageOf(error)}`);
      causes.push(error);
      return [];
    }
  });
  if (failures.length > 0) throw new HomelabError(`failed to refresh assets (nothing was changed):\n${failures.sort().join('\n')}`, { cause: new AggregateError(causes) });
  return results.flat();
}

/** Typed classes for each template's CRD assets, staged in <staging>/<template>/imports. Returns the templates done. */
async function generateImports(selected: readonly Wanted[], fetched: readonly Fetched[], staging: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const byTemplate = new Map<string, string[]>();
  for (const { template, spec } of selected) {
    const crdFile = spec.type === 'helm-chart' ? (spec.crds ? crdsFileName(spec) : undefined) : spec.crds ? assetFileName(spec) : undefined;
    const staged = crdFile && fetched.find((f) => f.template === template && f.file === crdFile)?.staged;
    if (staged) byTemplate.set(template, [...(byTemplate.get(template) ?? []), staged]);
  }
  const failures: string[] = [];
  const causes: unknown[] = [];
  for (const [template, files] of byTemplate) {
    try {
      await generateTypedImports(files.sort(), path.join(staging, template, 'imports'), path.join(staging, template), env);
    } catch (error) {
      failures.push(`template "${template}": ${messageOf(error)}`);
      causes.push(error);
    }
  }
  if (failures.length > 0) throw new HomelabError(`failed to refresh assets (nothing was changed):\n${failures.join('\n')}`, { cause: new AggregateError(causes) });
  return [...byTemplate.keys()];
}

/** The new lock: touched templates get exactly what was fetched for them; others keep their entries. */
function mergeLock(old: AssetsLock, fetched: readonly Fetched[], touched: ReadonlySet<string>): AssetsLock {
  const lock: Record<string, Record<string, LockEntry>> = {};
  for (const [template, files] of Object.entries(old)) if (!touched.has(template)) lock[template] = { ...files };
  for (const { template, file, entry } of fetched) (lock[template] ??= {})[file] = entry;
  return lock;
}

async function commit(
  sourceDir: string, staging: string, oldLock: AssetsLock, newLock: AssetsLock, fetched: readonly Fetched[],
  imports: readonly string[], touched: ReadonlySet<string>,
): Promise<RefreshResult> {
  const files: RefreshedFile[] = [];
  // imports/ is generated: a refreshed template gets exactly the classes of its current CRDs, or none.
  for (const template of touched) {
    const target = path.join(sourceDir, 'assets', template, 'imports');
    const staged = path.join(staging, template, 'imports');
    // A no-change refresh rewrites nothing: mtimes stay, so tools watching assets/ see no change either.
    if (imports.includes(template) && await sameFiles(staged, target)) continue;
    await rm(target, { recursive: true, force: true });
    if (imports.includes(template)) {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staged, target);
    }
  }
  for (const { template, file, staged, entry } of fetched) {
    const dir = path.join(sourceDir, 'assets', template);
    await mkdir(dir, { recursive: true });
    if (!(await sameFiles(staged, path.join(dir, file)))) await rename(staged, path.join(dir, file));
    files.push({
      template, file, sha256: entry.sha256, size: entry.size, changed: oldLock[template]?.[file]?.sha256 !== entry.sha256,
      ...(entry.dependencies && { dependencies: entry.dependencies }),
    });
  }
  // Files the old lock vendored and the new one no longer lists; other files in assets/ are the user's.
  const removed: string[] = [];
  for (const [template, entries] of Object.entries(oldLock)) {
    for (const file of Object.keys(entries)) {
      if (newLock[template]?.[file]) continue;
      await rm(path.join(sourceDir, 'assets', template, file), { force: true });
      removed.push(`assets/${template}/${file}`);
    }
  }
  const lockPath = path.join(sourceDir, LOCK_FILE);
  const lockText = formatLock(newLock);
  if ((await readFile(lockPath, 'utf8').catch(() => undefined)) !== lockText) {
    const temp = `${lockPath}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, lockText);
    await rename(temp, lockPath);
  }
  return { files: files.sort((a, b) => `${a.template}/${a.file}`.localeCompare(`${b.template}/${b.file}`)), removed: removed.sort() };
}

/** Whether `a` and `b` (two files, or two directories compared file by file) hold the same bytes. */
async function sameFiles(a: string, b: string): Promise<boolean> {
  const [infoA, infoB] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  if (!infoA || !infoB || infoA.isDirectory() !== infoB.isDirectory()) return false;
  if (!infoA.isDirectory()) return infoA.size === infoB.size && (await readFile(a)).equals(await readFile(b));
  const [namesA, namesB] = await Promise.all([readdir(a), readdir(b)]);
  if (namesA.sort().join('\n') !== namesB.sort().join('\n')) return false;
  for (const name of namesA) if (!(await sameFiles(path.join(a, name), path.join(b, name)))) return false;
  return true;
}
