// The validated, normalized configuration every later stage works from.
import type { FluxAppSettings, FluxConfig } from './schema.ts';
import type { YamlFile } from './yaml-file.ts';

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
}

export interface HomelabConfig {
  /** Absolute path of the source repository. */
  readonly sourceDir: string;
  readonly apps: readonly AppSpec[];
  readonly flux: FluxConfig;
  readonly files: { readonly apps: YamlFile; readonly flux: YamlFile };
}
