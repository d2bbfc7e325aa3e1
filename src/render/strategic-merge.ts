// Strategic-merge patches (kubectl's / kustomize's) for the fields people patch in charts' output. Maps merge key by
// key (null deletes), lists of the fields below merge their items by the field's patch merge key (as the Kubernetes
// types declare it with `patchMergeKey`), every other list is replaced, as for atomic lists. Directives: `$patch:
// delete` (an item or a mapping), `$patch: replace` (a mapping, or a list item that makes the list replaced), and
// `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` and `$retainKeys` are accepted and ignored.

/**
 * List fields with a patch merge key in the Kubernetes API (core/v1 and apps/v1 types), by field name. `ports` is
 * `containerPort` in containers and `port` in a Service: the items themselves tell which.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  resourceClaims: 'name',
  schedulingGates: 'name',
  readinessGates: 'conditionType',
  topologySpreadConstraints: 'topologyKey',
  conditions: 'type',
  ownerReferences: 'uid',
};
/** Lists of scalars whose patch strategy is merge (the union of both sides). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);


/** The strategic merge of `patch` into `target` (neither is modified). */
export function strategicMerge(target: unknown, patch: Record<string, unknown>): unknown {
  return mergeMaps((target ?? {}) as Record<string, unknown>, patch);
}

function mergeMaps(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> | undefined {
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') return withoutDirectives(patch);
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const removed = new Set((Array.isArray(value) ? value : []).map((item) => JSON.stringify(item)));
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((item) => !removed.has(JSON.stringify(item)));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (isMap(value) && isMap(result[key])) {
      const merged = mergeMaps(result[key] as Record<string, unknown>, value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value) && Array.isArray(result[key])) {
      result[key] = mergeLists(key, result[key] as unknown[], value);
    } else {
      result[key] = isMap(value) ? mergeMaps({}, value) ?? {} : Array.isArray(value) ? mergeLists(key, [], value) : value;
    }
  }
  return result;
}

function mergeLists(field: string, target: readonly unknown[], patch: readonly unknown[]): unknown[] {
  if (patch.some((item) => isMap(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isMap(item) && item.$patch === 'replace')).map((item) => (isMap(item) ? withoutDirectives(item) : item));
  }
  if (MERGED_SCALAR_LISTS.has(field)) {
    const seen = new Set(target.map((item) => JSON.stringify(item)));
    return [...target, ...patch.filter((item) => !seen.has(JSON.stringify(item)))];
  }
  const key = mergeKey(field, patch);
  if (!key) return patch.filter((item) => !(isMap(item) && item.$patch === 'delete')).map((item) => (isMap(item) ? withoutDirectives(item) : item));
  // As kustomize orders them: the patch's items first (merged with the target's of the same key), in the patch's
  // order, then the target's items the patch does not mention.
  const mentioned = new Set<unknown>();
  const result: unknown[] = [];
  for (const item of patch) {
    if (!isMap(item) || mentioned.has(item[key])) continue;
    mentioned.add(item[key]);
    if (item.$patch === 'delete') continue;
    const existing = target.find((candidate) => isMap(candidate) && candidate[key] === item[key]);
    result.push(mergeMaps(isMap(existing) ? existing : {}, item));
  }
  return [...result, ...target.filter((item) => !(isMap(item) && mentioned.has(item[key])))];
}

function mergeKey(field: string, items: readonly unknown[]): string | undefined {
  if (field === 'ports') return items.some((item) => isMap(item) && 'containerPort' in item) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

function withoutDirectives(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !key.startsWith('$')));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
