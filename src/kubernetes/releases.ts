// The Kubernetes minors homelab knows, where their generated bundles live, and how a kubeVersion names its minor.
import { fileURLToPath } from 'node:url';

/** Minors with a schema bundle; keep in sync with KUBERNETES_RELEASES in scripts/k8s-schemas.mjs. */
export const COVERED_KUBERNETES: readonly string[] = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];

/** Where scripts/k8s-schemas.mjs writes the bundles: `schemas/` in the package root (from src/ or dist/ alike). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** `1.34`, `v1.34`, `1.34.2` → `1.34`. */
export function kubeMinor(kubeVersion: string): string {
  const match = /^v?(\d+)\.(\d+)/.exec(kubeVersion);
  return match ? `${match[1]}.${match[2]}` : kubeVersion;
}
