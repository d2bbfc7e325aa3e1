// What a template is: a name, a zod schema for its options, and a function that builds one app's cdk8s Chart.
import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { AssetMap, ResolvedAsset } from './asset-spec.ts';

/** Files of the source repository, as a template may read them. Paths are relative to the repo root. */
export interface SourceFiles {
  /** Absolute path of a file in the source repo; throws for paths that leave the repo. */
  resolve(relativePath: string): string;
  /** The file's text (UTF-8). */
  read(relativePath: string): string;
  /** Every YAML document in the file, in order, skipping empty ones. */
  readYaml(relativePath: string): unknown[];
}

/** Everything a template knows about the one app it renders. */
export interface AppContext<Options> {
  /** The app id: a DNS-1123 label, unique in the config. Derive object names from it. */
  readonly id: string;
  /** The namespace for the app's namespaced objects (app `namespace`, default the id). */
  readonly namespace: string;
  /** The options, already parsed and defaulted by the template's schema. */
  readonly options: Options;
  /** The cluster's Kubernetes version from config/flux.yaml, e.g. "1.34". */
  readonly kubeVersion: string;
  readonly files: SourceFiles;
  /** The template's declared assets, by key, each checked against assets/lock.yaml before build() runs. */
  readonly assets: Readonly<Record<string, ResolvedAsset>>;
}

export interface TemplateDefinition<Schema extends z.ZodType> {
  /** The name apps use in `template:`; for user templates, the folder name under templates/. */
  readonly name: string;
  /** One line for `homelab` listings and error messages. */
  readonly description?: string;
  /** Validates and defaults each app's `options`. */
  readonly options: Schema;
  /**
   * Remote content the template renders from (Helm charts, upstream YAML), vendored into
   * assets/<name>/ by `homelab refresh-assets`. A function when the assets depend on the options.
   */
  readonly assets?: AssetMap | AssetsOf<z.output<Schema>>;
  /**
   * Builds the app's objects in a new Chart under `scope` and returns that Chart.
   * Must not do I/O other than through `app.files`, so renders stay reproducible.
   */
  build(scope: Construct, app: AppContext<z.output<Schema>>): Chart | Promise<Chart>;
}

/** Assets computed from the options; a method signature so templates of any options type fit `Template`. */
export type AssetsOf<Options> = { bivarianceHack(options: Options): AssetMap }['bivarianceHack'];

const TEMPLATE = Symbol.for('homelab.Template');

export type Template<Schema extends z.ZodType = z.ZodType> = TemplateDefinition<Schema> & { readonly [TEMPLATE]: true };

/** Declares a template: `export default defineTemplate({ name, options, build })`. */
export function defineTemplate<Schema extends z.ZodType>(definition: TemplateDefinition<Schema>): Template<Schema> {
  return Object.freeze({ ...definition, [TEMPLATE]: true as const });
}

/** Templates by name: what the pipeline's "load templates" stage returns and "build apps" runs. */
export type TemplateSet = ReadonlyMap<string, Template>;

export function isTemplate(value: unknown): value is Template {
  return typeof value === 'object' && value !== null && TEMPLATE in value;
}
