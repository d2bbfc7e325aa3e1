// The Kubernetes OpenAPI schemas per minor version: which versions homelab covers, and loading their bundles.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COVERED_KUBERNETES, SCHEMAS_DIR, kubeMinor } from '../kubernetes/releases.ts';
import type { ApiCatalog } from '../kubernetes/served-apis.ts';
import type { Scope } from '../model/scope.ts';
import { LinkedValidators, readStandaloneStatements } from './linked-validators.ts';

export { COVERED_KUBERNETES, SCHEMAS_DIR, kubeMinor };


/** What scripts/k8s-schemas.mjs writes to schemas/kubernetes-<minor>.json. */
export interface SchemaBundle extends ApiCatalog {
  readonly kubernetes: string;
  /** The module version the definitions come from, e.g. `k8s.io/kubernetes@v1.34.4`. */
  readonly source: string;
  /** `apiVersion/Kind` (`apps/v1/Deployment`, `v1/Pod`) → its definition, scope and resource (plural). */
  readonly kinds: Readonly<Record<string, { readonly definition: string; readonly scope: Scope; readonly resource: string }>>;
  readonly definitions: Readonly<Record<string, object>>;
}

const SCRIPT = fileURLToPath(new URL('../../scripts/k8s-schemas.mjs', import.meta.url));

/** Keep in sync with VALIDATORS_FORMAT in scripts/k8s-schemas.mjs. */
const VALIDATORS_FORMAT = 5;

/** `apps/v1/Deployment` → `apps_v1_Deployment`, the validators' export names. */
export function kindExportName(key: string): string {
  return key.replace(/[^A-Za-z0-9_$]/g, '_');
}

/** The precompiled validators of a bundle, or undefined when absent or built from other schemas (then ajv compiles at run time). */
export async function readPrecompiledValidators(bundle: SchemaBundle, dir: string = SCHEMAS_DIR): Promise<LinkedValidators | undefined> {
  const code = await readStandaloneStatements(path.join(dir, `kubernetes-${kubeMinor(bundle.kubernetes)}.validators.txt`));
  return code?.source === bundle.source && code.format === VALIDATORS_FORMAT ? new LinkedValidators(code) : undefined;
}

export type KubeVersionIssue = { readonly kind: 'unknown' | 'missing'; readonly message: string };

/** Reads the bundle of a kubeVersion, or says why it cannot: not covered, or covered but not fetched yet. */
export async function readSchemaBundle(kubeVersion: string, dir: string = SCHEMAS_DIR): Promise<SchemaBundle | KubeVersionIssue> {
  const minor = kubeMinor(kubeVersion);
  if (!COVERED_KUBERNETES.includes(minor)) {
    return { kind: 'unknown', message: `Kubernetes "${kubeVersion}" has no schemas in homelab; covered versions: ${COVERED_KUBERNETES.join(', ')}` };
  }
  try {
    return JSON.parse(await readFile(path.join(dir, `kubernetes-${minor}.json`), 'utf8')) as SchemaBundle;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return {
      kind: 'missing',
      message: `the Kubernetes ${minor} schemas are not installed; fetch them with \`node ${SCRIPT} ${minor}\` (needs Go and its module proxy)`,
    };
  }
}
