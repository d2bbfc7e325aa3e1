// What a diff leaves out by default because it changes without changing what runs: chart-version labels, checksum annotations.

export interface NoiseFilter {
  readonly field: 'label' | 'annotation';
  /** A key, or a prefix pattern ending in `*`, e.g. `checksum/*`. */
  readonly key: string;
}

/** On unless --no-default-filters: Helm's chart label (`helm.sh/chart: podinfo-6.7.1`, legacy `chart`) and `checksum/*` annotations. */
export const DEFAULT_FILTERS: readonly NoiseFilter[] = [
  { field: 'label', key: 'helm.sh/chart' },
  { field: 'label', key: 'chart' },
  { field: 'annotation', key: 'checksum/*' },
];

export function describeFilter(filter: NoiseFilter): string {
  return `${filter.field} ${filter.key}`;
}

/**
 * The object without the filtered labels and annotations, in every `metadata` it holds (the object's own, a pod
 * template's, a job template's); returns the same object when nothing matched.
 */
export function applyFilters<T>(value: T, filters: readonly NoiseFilter[]): T {
  if (filters.length === 0) return value;
  return strip(value, filters) as T;
}

function strip(value: unknown, filters: readonly NoiseFilter[]): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => strip(item, filters));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (!value || typeof value !== 'object') return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const next = key === 'metadata' && item && typeof item === 'object' && !Array.isArray(item) ? stripMetadata(item as Record<string, unknown>, filters) : strip(item, filters);
    if (next !== item) changed = true;
    if (next !== undefined) out[key] = next;
  }
  return changed ? out : value;
}

function stripMetadata(metadata: Record<string, unknown>, filters: readonly NoiseFilter[]): Record<string, unknown> {
  let out = metadata;
  for (const [field, name] of [['label', 'labels'], ['annotation', 'annotations']] as const) {
    const map = metadata[name];
    if (!map || typeof map !== 'object') continue;
    const keys = Object.keys(map);
    const kept = keys.filter((key) => !filters.some((filter) => filter.field === field && matches(filter.key, key)));
    if (kept.length === keys.length) continue;
    out = { ...out };
    if (kept.length === 0) delete out[name];
    else out[name] = Object.fromEntries(kept.map((key) => [key, (map as Record<string, unknown>)[key]]));
  }
  return out;
}

function matches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
}
