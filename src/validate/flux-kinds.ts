// Flux's own kinds (Kustomization, GitRepository, HelmRelease, …) against the CRDs of the Flux controllers homelab
// pins, bundled by scripts/flux-schemas.mjs into schemas/flux-crds.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AjvClass } from './ajv.ts';
import type { KubeObject } from '../render/kube-object.ts';
import { customKinds, type CrdNotice, type CustomKind } from './custom-resources.ts';
import { SCHEMAS_DIR } from './kubernetes-schemas.ts';

/** Keep in sync with FORMAT in scripts/flux-schemas.mjs. */
const FLUX_BUNDLE_FORMAT = 1;
const SCRIPT = fileURLToPath(new URL('../../scripts/flux-schemas.mjs', import.meta.url));

export interface FluxBundle {
  /** The controller modules the CRDs come from, e.g. `github.com/fluxcd/source-controller@v1.9.3 …`. */
  readonly source: string;
  readonly crds: readonly KubeObject[];
}

export type FluxKinds = ReadonlyMap<string, CustomKind>;

let bundle: Promise<FluxBundle | undefined> | undefined;

/** The bundle, read once per process; undefined when scripts/flux-schemas.mjs has not built it. */
export function readFluxBundle(dir: string = SCHEMAS_DIR): Promise<FluxBundle | undefined> {
  bundle ??= readFile(path.join(dir, 'flux-crds.json'), 'utf8').then(
    (text) => {
      const parsed = JSON.parse(text) as FluxBundle & { format?: number };
      return parsed.format === FLUX_BUNDLE_FORMAT ? parsed : undefined;
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  return bundle;
}

/** What to tell the user when the bundle is missing. */
export const MISSING_FLUX_SCHEMAS = `the Flux CRD schemas are not installed; fetch them with \`node ${SCRIPT}\` (needs Go and its module proxy)`;

/** `group/Kind` → Flux's CRD for it; undefined when the bundle is missing. */
export async function fluxKinds(Ajv: AjvClass, kubeMinor: number, notice: (crd: KubeObject, notice: CrdNotice) => void): Promise<FluxKinds | undefined> {
  const flux = await readFluxBundle();
  if (!flux) return undefined;
  return customKinds(flux.crds.map((object) => ({ object })), Ajv, kubeMinor, notice);
}
