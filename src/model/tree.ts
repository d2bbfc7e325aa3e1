// The render's result as every later stage sees it: apps of placed objects, and the manifests tree of files.
import type { KubeObject } from './kube-object.ts';

/** A manifests tree: relative POSIX path (`<app>/<file>.yaml`) → file content. */
export type ManifestTree = ReadonlyMap<string, string>;

/** The app-of-apps: one Flux Kustomization per app. */
export const APP_OF_APPS_DIR = 'flux';
/** The Kustomization `flux` that applies the app-of-apps; applied once by bootstrap. */
export const FLUX_BOOTSTRAP_DIR = 'flux-bootstrap';
/** Every CustomResourceDefinition of the render, so custom resources never race their definitions. */
export const CRDS_DIR = 'crds';
/** The directories homelab generates itself; no app may take their names. */
export const GENERATED_DIRS: readonly string[] = [APP_OF_APPS_DIR, FLUX_BOOTSTRAP_DIR, CRDS_DIR];

export interface PlacedObject {
  /** File name inside the app's directory, e.g. `29-deployment-blog.yaml`. */
  readonly file: string;
  readonly object: KubeObject;
}

export interface RenderedApp {
  readonly id: string;
  /** The objects, in apply order, with the file each goes to. */
  readonly files: readonly PlacedObject[];
}
