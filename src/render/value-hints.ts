// Finds the chart values that likely decide a rendered object, for error messages: the values that let a chart use
// an existing Secret instead of rendering one, and those that pick an object's API version or turn it off.
import type { KubeObject } from '../model/kube-object.ts';

interface ValuePath {
  readonly path: readonly string[];
  readonly value: unknown;
  /** The mapping holding the key (its siblings tell what it is about). */
  readonly parent: Readonly<Record<string, unknown>>;
}

/** Keys of values that name (or switch to) a Secret the user provides. */
const SECRET_KEY = /^(existing[a-z]*secret[a-z]*|use[a-z]*existing[a-z]*secret|configSecret|secretName|existingSecretRef)$/i;
/** Keys of values that choose an API or Kubernetes version. */
const VERSION_KEY = /apiVersions?$|kubeVersion/i;

/**
 * Values of the chart that let it use an existing Secret instead of `secret`, best first: siblings naming one of the
 * Secret's keys (grafana's `admin.userKey: admin-user`) and path segments found in the Secret's name count.
 */
export function secretValueHints(values: Readonly<Record<string, unknown>>, secret: KubeObject): string[] {
  const dataKeys = new Set([...Object.keys((secret.data ?? {}) as object), ...Object.keys((secret.stringData ?? {}) as object)]);
  const name = secret.metadata.name ?? '';
  return ranked(paths(values).filter((entry) => SECRET_KEY.test(entry.path.at(-1)!)), (entry) =>
    (Object.values(entry.parent).some((sibling) => typeof sibling === 'string' && dataKeys.has(sibling)) ? 3 : 0)
    + segmentScore(entry.path, name));
}

/** Values of the chart that may choose the API version of `object`, or turn the object off. */
export function versionValueHints(values: Readonly<Record<string, unknown>>, object: KubeObject): string[] {
  const kindKey = object.kind.charAt(0).toLowerCase() + object.kind.slice(1);
  const name = object.metadata.name ?? '';
  const all = paths(values);
  const versionKeys = all.filter((entry) => VERSION_KEY.test(entry.path.at(-1)!));
  const switches = all.filter((entry) => entry.path.at(-1) === 'enabled' && entry.path.at(-2)?.toLowerCase() === kindKey.toLowerCase());
  return ranked([...versionKeys, ...switches], (entry) =>
    (entry.path.some((segment) => segment.toLowerCase() === kindKey.toLowerCase()) ? 3 : 0) + segmentScore(entry.path, name) + (entry.path.length === 1 ? 1 : 0));
}

function segmentScore(path: readonly string[], objectName: string): number {
  return path.slice(0, -1).some((segment) => segment.length > 2 && objectName.toLowerCase().includes(segment.toLowerCase())) ? 2 : 0;
}

/** The paths as `a.b.c`, best score first (ties in document order); those scoring nothing only when none scores. */
function ranked(entries: readonly ValuePath[], score: (entry: ValuePath) => number): string[] {
  const scored = entries.map((entry, index) => ({ entry, index, score: score(entry) }));
  const best = scored.some((s) => s.score > 0) ? scored.filter((s) => s.score > 0) : scored;
  return best.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, 4).map((s) => s.entry.path.join('.'));
}

function paths(values: Readonly<Record<string, unknown>>, prefix: readonly string[] = [], depth = 0): ValuePath[] {
  if (depth > 8) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const path = [...prefix, key];
    const here: ValuePath = { path, value, parent: values };
    return isMap(value) ? [here, ...paths(value, path, depth + 1)] : [here];
  });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
