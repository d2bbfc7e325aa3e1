// Flux-style `patches` on rendered objects: a target selector, then a strategic-merge or a JSON6902 patch. JSON6902
// goes through cdk8s's JsonPatch (fast-json-patch); strategic merge is the subset documented in strategic-merge.ts.
import { JsonPatch } from 'cdk8s';
import { parse } from 'yaml';
import { describeObject, groupOf, type KubeObject } from '../model/kube-object.ts';
import { scopeOf } from '../model/scope.ts';
import type { JsonPatchOperation, ObjectPatch, PatchTarget } from '../templates/object-patch.ts';
import { matchesSelector, parseSelector } from './label-selector.ts';
import { strategicMerge } from './strategic-merge.ts';

/** A patch that could not be applied: which one (its index) and why. */
export interface PatchProblem {
  readonly index: number;
  readonly message: string;
}

const OPERATIONS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Applies every patch in order; each must match at least one object. Objects without a namespace match a target's
 * namespace as `defaultNamespace` (the one they will get). Returns the patched objects and the problems.
 */
export function applyPatches(objects: readonly KubeObject[], patches: readonly ObjectPatch[], defaultNamespace: string): { objects: KubeObject[]; problems: PatchProblem[] } {
  let current = [...objects];
  const problems: PatchProblem[] = [];
  for (const [index, entry] of patches.entries()) {
    try {
      current = applyPatch(current, entry, defaultNamespace);
    } catch (error) {
      problems.push({ index, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { objects: current, problems };
}

function applyPatch(objects: readonly KubeObject[], entry: ObjectPatch, defaultNamespace: string): KubeObject[] {
  const patch = readPatch(entry.patch);
  const target = entry.target ?? (Array.isArray(patch) ? undefined : targetOf(patch));
  if (!target) throw new Error('a JSON6902 patch needs a target (kind, name, … of the objects to patch)');
  const matches = compileTarget(target, defaultNamespace);
  let matched = 0;
  const result = objects.map((object) => {
    if (!matches(object)) return object;
    matched++;
    const patched = Array.isArray(patch) ? jsonPatch(object, patch, defaultNamespace) : strategicMerge(object, withIdentityOf(object, patch));
    return patched as KubeObject;
  });
  if (matched === 0) {
    const rendered = objects.map((object) => describeWithNamespace(object, defaultNamespace));
    throw new Error(`target ${describeTarget(target)} matches no object; the objects are: ${rendered.length > 0 ? rendered.join(', ') : 'none'}`);
  }
  return result;
}

/** The patch as data: text is YAML (or JSON); a list is JSON6902, a mapping a strategic-merge patch. */
function readPatch(patch: ObjectPatch['patch']): Record<string, unknown> | JsonPatchOperation[] {
  let value: unknown = patch;
  if (typeof patch === 'string') {
    try {
      value = parse(patch);
    } catch (error) {
      throw new Error(`the patch is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (Array.isArray(value)) return value.map((operation, i) => checkOperation(operation, i));
  if (typeof value !== 'object' || value === null) throw new Error('the patch must be a mapping (strategic merge) or a list of JSON6902 operations');
  return value as Record<string, unknown>;
}

function checkOperation(operation: unknown, index: number): JsonPatchOperation {
  const op = operation as Partial<JsonPatchOperation> | null;
  const where = `operation ${index + 1}`;
  if (typeof op !== 'object' || op === null || !OPERATIONS.has(op.op as string)) {
    throw new Error(`${where}: expected { op: add|remove|replace|move|copy|test, path, … }`);
  }
  if (typeof op.path !== 'string' || (op.path !== '' && !op.path.startsWith('/'))) throw new Error(`${where}: path must be a JSON pointer such as /spec/replicas`);
  if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') throw new Error(`${where}: ${op.op} needs from`);
  if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) throw new Error(`${where}: ${op.op} needs value`);
  return op as JsonPatchOperation;
}

function jsonPatch(object: KubeObject, operations: readonly JsonPatchOperation[], defaultNamespace: string): unknown {
  const document = structuredClone(object);
  const describe = describeWithNamespace(object, defaultNamespace);
  for (const [index, operation] of operations.entries()) {
    // fast-json-patch does not check that the paths exist unless asked; say which operation and path fails.
    const missing = [operation.op === 'add' ? undefined : operation.op === 'move' || operation.op === 'copy' ? operation.from : operation.path]
      .find((pointer) => pointer !== undefined && !pointerExists(document, pointer));
    if (missing !== undefined) throw new Error(`${describe}: operation ${index + 1} (${operation.op}): ${missing} does not exist`);
    try {
      JsonPatch.apply(document, toCdk8s(operation));
    } catch (error) {
      const name = (error as { name?: string }).name;
      const detail = name === 'TEST_OPERATION_FAILED' ? `the value at ${operation.path} is not ${JSON.stringify(operation.value)}` : (error as Error).message.split('\n')[0];
      throw new Error(`${describe}: operation ${index + 1} (${operation.op}) failed: ${detail}`);
    }
  }
  return document;
}

/** `Kind/namespace/name` as the object will be written: namespaced objects get the release namespace. */
export function describeWithNamespace(object: KubeObject, defaultNamespace: string): string {
  if (object.metadata.namespace || scopeOf(object, new Map()) === 'Cluster') return describeObject(object);
  return describeObject({ ...object, metadata: { ...object.metadata, namespace: defaultNamespace } });
}

function toCdk8s(operation: JsonPatchOperation): JsonPatch {
  switch (operation.op) {
    case 'add': return JsonPatch.add(operation.path, operation.value);
    case 'remove': return JsonPatch.remove(operation.path);
    case 'replace': return JsonPatch.replace(operation.path, operation.value);
    case 'move': return JsonPatch.move(operation.from!, operation.path);
    case 'copy': return JsonPatch.copy(operation.from!, operation.path);
    case 'test': return JsonPatch.test(operation.path, operation.value);
  }
}

function pointerExists(document: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(key) || Number(key) >= node.length) return false;
      node = node[Number(key)];
    } else if (typeof node === 'object' && node !== null && Object.hasOwn(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else {
      return false;
    }
  }
  return true;
}

/**
 * A strategic-merge patch changes neither the type nor the name of the objects it patches: as kustomize does, its
 * apiVersion, kind, metadata.name and metadata.namespace become the object's (with a target they may say anything).
 */
function withIdentityOf(object: KubeObject, patch: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, namespace: _namespace, ...metadata } = (isRecord(patch.metadata) ? patch.metadata : {});
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = patch;
  return isRecord(patch.metadata) ? { ...rest, metadata } : rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A strategic-merge patch without a target patches the object it names, as in kustomize. */
function targetOf(patch: Record<string, unknown>): PatchTarget | undefined {
  const metadata = patch.metadata as { name?: unknown; namespace?: unknown } | undefined;
  if (typeof patch.kind !== 'string' || typeof metadata?.name !== 'string') {
    throw new Error('a strategic-merge patch without a target must name its object (kind and metadata.name)');
  }
  return {
    kind: escape(patch.kind),
    name: escape(metadata.name),
    ...(typeof metadata.namespace === 'string' && { namespace: escape(metadata.namespace) }),
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileTarget(target: PatchTarget, defaultNamespace: string): (object: KubeObject) => boolean {
  const regex = (field: keyof PatchTarget): RegExp | undefined => {
    const source = target[field];
    if (source === undefined) return undefined;
    try {
      return new RegExp(`^(?:${source})$`);
    } catch (error) {
      throw new Error(`target.${field} "${source}" is not a regular expression: ${(error as Error).message}`);
    }
  };
  const [group, version, kind, name, namespace] = (['group', 'version', 'kind', 'name', 'namespace'] as const).map(regex);
  const labels = target.labelSelector === undefined ? undefined : parseSelector(target.labelSelector, 'target.labelSelector');
  const annotations = target.annotationSelector === undefined ? undefined : parseSelector(target.annotationSelector, 'target.annotationSelector');
  return (object) => {
    const objectVersion = object.apiVersion.includes('/') ? object.apiVersion.slice(object.apiVersion.indexOf('/') + 1) : object.apiVersion;
    return (!group || group.test(groupOf(object.apiVersion)))
      && (!version || version.test(objectVersion))
      && (!kind || kind.test(object.kind))
      && (!name || name.test(object.metadata.name ?? ''))
      && (!namespace || namespace.test(object.metadata.namespace ?? defaultNamespace))
      && (!labels || matchesSelector(labels, object.metadata.labels ?? {}))
      && (!annotations || matchesSelector(annotations, object.metadata.annotations ?? {}));
  };
}

function describeTarget(target: PatchTarget): string {
  const fields = Object.entries(target).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `{ ${fields.join(', ')} }`;
}
