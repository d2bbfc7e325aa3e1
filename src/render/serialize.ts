// Deterministic YAML for one object: fixed key order up top, YAML 1.1 quoting so Kubernetes reads it back exactly.
import { stringify } from 'yaml';
import type { KubeObject } from './kube-object.ts';

const TOP = ['apiVersion', 'kind', 'metadata'];
const META = ['name', 'namespace', 'labels', 'annotations'];

export function toYaml(object: KubeObject): string {
  // YAML 1.1 mode quotes strings like "yes", "on" and "0755" that Kubernetes' YAML 1.1 parser would otherwise turn into booleans or numbers.
  return stringify(ordered(object), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
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
