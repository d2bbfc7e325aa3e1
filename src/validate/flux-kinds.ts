// Flux's own kinds (Kustomization, GitRepository, HelmRelease, …) against the CRDs of the Flux controllers homelab
// pins, bundled by scripts/flux-schemas.mjs into schemas/flux-crds.json with precompiled validators, so a render
// (whose app-of-apps is Kustomizations) loads neither ajv nor the CEL library unless something needs them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorCompiler } from './compiled-validators.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { CRD_AJV_OPTIONS, customKinds, type CrdNotice, type CustomKind, type PrecompiledSchema } from './custom-resources.ts';
import { SCHEMAS_DIR } from './kubernetes-schemas.ts';
import { LinkedValidators, readStandaloneStatements } from './linked-validators.ts';

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

/** Keep in sync with VALIDATORS_FORMAT in scripts/flux-schemas.mjs. */
const FLUX_VALIDATORS_FORMAT = 3;

/**
 * The precompiled validators of the bundle's CRD versions, by validatorName; empty when absent or from another
 * bundle. Each one's code is linked when it is first used: a render checks Kustomizations, not eight kinds.
 */
async function precompiledValidators(flux: FluxBundle): Promise<Record<string, PrecompiledSchema>> {
  const code = await readStandaloneStatements<{ readonly hashes: Readonly<Record<string, string>> }>(path.join(SCHEMAS_DIR, 'flux-crds.validators.txt'));
  if (!code) return {};
  if (code.source !== flux.source || code.format !== FLUX_VALIDATORS_FORMAT) return {};
  const linked = new LinkedValidators(code);
  const out: Record<string, PrecompiledSchema> = {};
  for (const [name, hash] of Object.entries(code.hashes ?? {})) {
    if (!Object.hasOwn(code.exports, name)) continue;
    out[name] = {
      hash,
      get validate() {
        return linked.get(name)!;
      },
    };
  }
  return out;
}

const kindsByMinor = new Map<number, Promise<FluxKinds | undefined>>();
let noticeSink: (crd: KubeObject, notice: CrdNotice) => void = () => undefined;

/**
 * `group/Kind` → Flux's CRD for it, built once per process; undefined when the bundle is missing. ajv is loaded only
 * when a precompiled validator is missing or was built from another JSON schema than homelab derives now (then the
 * parts of the schema objects reach are compiled).
 */
export async function fluxKinds(kubeMinor: number, notice: (crd: KubeObject, notice: CrdNotice) => void): Promise<FluxKinds | undefined> {
  noticeSink = notice;
  let kinds = kindsByMinor.get(kubeMinor);
  kinds ??= (async () => {
    const flux = await readFluxBundle();
    if (!flux) return undefined;
    const precompiled = await precompiledValidators(flux);
    // Used only where a version's precompiled validator is missing or was built from another JSON schema than
    // homelab derives now (compileSchema compares); ajv is loaded only then.
    const compiler = validatorCompiler(CRD_AJV_OPTIONS);
    return customKinds(flux.crds.map((object) => ({ object })), compiler, kubeMinor, (crd, item) => noticeSink(crd, item), precompiled);
  })();
  kindsByMinor.set(kubeMinor, kinds);
  return kinds;
}
