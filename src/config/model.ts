// The validated, normalized configuration every later stage works from.
import type { FluxAppSettings, FluxConfig } from './schema.ts';
import type { KeyPath, YamlFile } from './yaml-file.ts';

export interface AppSpec {
  /** Position in config/apps.yaml, for error messages (`apps[3]`). */
  readonly index: number;
  readonly id: string;
  readonly template: string;
  readonly namespace: string;
  readonly dependencies: readonly string[];
  /** Raw options, checked later by the template's schema. */
  readonly options: Readonly<Record<string, unknown>>;
  /** false: rendered but not part of the app-of-apps. */
  readonly flux: FluxAppSettings | false;
  /** A cluster's `overrides.<id>.options` merged into `options`: where they are, for errors about their keys. */
  readonly optionsOverride?: { readonly file: YamlFile; readonly path: KeyPath; readonly keys: ReadonlySet<string> };
}

/** The cluster a render is for, as templates see it (`app.cluster`). */
export interface ClusterContext {
  /** The cluster's name in config/clusters.yaml; `default` when there is no such file. */
  readonly name: string;
  /** The cluster's free-form `facts` from config/clusters.yaml. */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** One cluster of config/clusters.yaml, resolved: its Flux settings, its apps (with overrides applied). */
export interface ClusterSpec extends ClusterContext {
  /** Position in config/clusters.yaml (`clusters[1]`). */
  readonly index: number;
  /** flux.yaml with the cluster's overrides and per-cluster default paths. */
  readonly flux: FluxConfig;
  /** The apps that run on this cluster, in config/apps.yaml order, with the cluster's overrides applied. */
  readonly apps: readonly AppSpec[];
}

export interface HomelabConfig {
  /** Absolute path of the source repository. */
  readonly sourceDir: string;
  readonly apps: readonly AppSpec[];
  readonly flux: FluxConfig;
  readonly files: { readonly apps: YamlFile; readonly flux: YamlFile; readonly clusters?: YamlFile };
  /** The cluster this config renders (the one implicit cluster `default` without config/clusters.yaml). */
  readonly cluster: ClusterContext;
  /** config/clusters.yaml's clusters; absent without the file (one cluster, configured by flux.yaml alone). */
  readonly clusters?: readonly ClusterSpec[];
}
