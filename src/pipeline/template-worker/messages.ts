// What the render thread and the templates' worker thread say to each other: steps, built apps as plain data, errors.
import type { MessagePort } from 'node:worker_threads';
import { HomelabError, type Problem } from '../../errors.ts';
import type { AssetsLock } from '../../assets/lock.ts';
import type { CacheStoreOptions } from '../../cache/store.ts';
import type { AppSpec, ClusterContext } from '../../config/model.ts';
import type { FluxConfig } from '../../config/schema.ts';
import type { YamlOutline } from '../../config/yaml-file.ts';
import type { HelmChartProps } from '../../templates/helm-chart.ts';
import type { KustomizeDirectoryProps } from '../../templates/kustomize-directory.ts';

/** A piece of template code being run: one app's options schema, assets, build() or chart transform, or loading templates. */
export type StepRef =
  | { readonly app: number; readonly step: 'options' | 'assets' | 'build' | 'transform' }
  | { readonly templates: readonly string[]; readonly step: 'load' };

/** What the worker is started with. */
export interface WorkerInput {
  /** Set to 1 by the worker when a transform's answer is on `port`: the render thread waits on it. */
  readonly answered: Int32Array;
  readonly port: MessagePort;
  /** The render cache, for compiled templates (none with --no-cache). */
  readonly cache?: Omit<CacheStoreOptions, 'warn'>;
}

/** A cluster's config with its config files as `File`: YamlFiles in a thread that parsed them, outlines in between. */
export interface ConfigWithFiles<File> {
  readonly sourceDir: string;
  readonly flux: FluxConfig;
  readonly cluster: ClusterContext;
  readonly apps: readonly (Omit<AppSpec, 'optionsOverride'> & {
    readonly optionsOverride?: Omit<NonNullable<AppSpec['optionsOverride']>, 'file'> & { readonly file: File };
  })[];
  readonly files: { readonly apps: File; readonly flux: File; readonly clusters?: File };
}

/**
 * One cluster's config as the render thread derived it, as plain data: its config files as outlines (the worker
 * locates problems in them without parsing them again).
 */
export type ConfigRecord = ConfigWithFiles<YamlOutline>;

/** The same config with each of its files (an app's options override's too) turned into another form by `file`. */
export function mapConfigFiles<From, To>(config: ConfigWithFiles<From>, file: (from: From) => To): ConfigWithFiles<To> {
  return {
    sourceDir: config.sourceDir,
    flux: config.flux,
    cluster: config.cluster,
    apps: config.apps.map(({ optionsOverride, ...app }) => ({ ...app, ...(optionsOverride && { optionsOverride: { ...optionsOverride, file: file(optionsOverride.file) } }) })),
    files: { apps: file(config.files.apps), flux: file(config.files.flux), ...(config.files.clusters && { clusters: file(config.files.clusters) }) },
  };
}

/** What the render thread asks the worker for: the apps of one cluster, after those of the one asked for before. */
export interface BuildRequest {
  readonly type: 'build';
  readonly config: ConfigRecord;
  /** assets/lock.yaml as the render thread read it; absent when it could not, and the worker reads (and reports) it. */
  readonly lock?: AssetsLock;
}

/** An error as plain data; `problems` for a ConfigError. */
export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly problems?: readonly Problem[];
  readonly warnings?: readonly Problem[];
  readonly homelab?: boolean;
}

/** One construct of a built app, in `node.findAll()` order; `parent` is the index of its scope (the App is 0). */
export type ConstructRecord =
  | { readonly type: 'app' }
  | { readonly type: 'node' | 'chart'; readonly parent: number; readonly id: string }
  | { readonly type: 'object'; readonly parent: number; readonly id: string; readonly apiVersion: string; readonly kind: string; readonly json?: unknown; readonly error?: string }
  | { readonly type: 'kustomize'; readonly parent: number; readonly id: string; readonly props: KustomizeDirectoryProps }
  | { readonly type: 'helm'; readonly parent: number; readonly id: string; readonly props: Omit<HelmChartProps, 'transform'>; readonly transform: boolean };

export interface AppRecord {
  /** The app's index in config/apps.yaml. */
  readonly index: number;
  readonly constructs: readonly ConstructRecord[];
}

export type WorkerMessage =
  | { readonly type: 'start'; readonly seq: number; readonly ref: StepRef }
  | { readonly type: 'end'; readonly seq: number }
  /** The answer to 'ping': the worker's event loop is free, so no template code is running. */
  | { readonly type: 'pong' }
  /** Some of a build's apps, in order; `build` is the cluster's position among those asked of the worker. */
  | { readonly type: 'apps'; readonly build: number; readonly apps: readonly AppRecord[] }
  /** The build's last apps were sent: it is done. */
  | { readonly type: 'built'; readonly build: number; readonly warnings: readonly Problem[] }
  /** A build that failed; the worker goes on with the next cluster asked for. */
  | { readonly type: 'failed'; readonly build: number; readonly error: ErrorRecord }
  | { readonly type: 'fault'; readonly build: number; readonly ref?: StepRef; readonly what: string; readonly error: ErrorRecord };

/** A chart transform run in the worker, asked for synchronously by the Helm phase. */
export interface TransformRequest {
  readonly app: number;
  readonly construct: number;
  readonly objects: readonly unknown[];
}

export type TransformAnswer = { readonly objects: unknown[] } | { readonly error: ErrorRecord };

export function errorRecord(error: unknown): ErrorRecord {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const problems = (error as { problems?: readonly Problem[] }).problems;
  const warnings = (error as { warnings?: readonly Problem[] }).warnings;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined && { stack: error.stack }),
    ...(Array.isArray(problems) && { problems: problems.map((p) => ({ ...p })) }),
    ...(Array.isArray(warnings) && { warnings: warnings.map((p) => ({ ...p })) }),
    ...(error instanceof HomelabError && { homelab: true }),
  };
}

/** How a step reads in messages: `build()`, `its options schema`, ... */
export function stepName(ref: StepRef): string {
  switch (ref.step) {
    case 'options': return 'its options schema';
    case 'assets': return 'assets()';
    case 'build': return 'build()';
    case 'transform': return 'a helmChart transform';
    case 'load': return 'loading';
  }
}
