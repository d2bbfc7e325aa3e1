// Deterministic YAML for one object: apiVersion, kind and metadata first, then the rest as rendered.
import type { KubeObject } from '../model/kube-object.ts';
import { emitYaml } from './yaml-emitter.ts';

const TOP = ['apiVersion', 'kind', 'metadata'];
const META = ['name', 'namespace', 'labels', 'annotations'];

export function toYaml(object: KubeObject): string {
  return emitYaml(ordered(object));
}

function ordered(object: KubeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of TOP) if (key in object) out[key] = key === 'metadata' ? orderedMetadata(object.metadata) : object[key];
  for (const key of Object.keys(object)) if (!TOP.includes(key)) out[key] = object[key];
  return out;
}

function orderedMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of META) if (metadata[key] !== undefined) out[key] = metadata[key];
  for (const key of Object.keys(metadata).sort()) if (!META.includes(key) && metadata[key] !== undefined) out[key] = metadata[key];
  return out;
}
