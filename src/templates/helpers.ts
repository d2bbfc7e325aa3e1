// Small helpers for templates, exported from "homelab".
import { ApiObject, type Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { HomelabError } from '../errors.ts';
import { IF_ABSENT_ANNOTATION } from '../model/if-absent.ts';

/** Standard labels for an app's objects (app.kubernetes.io/*), used by built-in templates for selectors too. */
export function appLabels(id: string, component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': id,
    'app.kubernetes.io/instance': id,
    ...(component !== undefined && { 'app.kubernetes.io/component': component }),
    'app.kubernetes.io/managed-by': 'homelab',
  };
}

/**
 * A Namespace `name`, unless another app of the render creates it: then that app's Namespace is the one deployed
 * (several apps asking for the same namespace this way get it from the first of them in config/apps.yaml).
 */
export function ensureNamespace(scope: Construct, name: string): ApiObject {
  return new ApiObject(scope, `namespace-${name}`, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, annotations: { [IF_ABSENT_ANNOTATION]: 'true' } },
  });
}

/**
 * Adds plain Kubernetes objects (e.g. from `app.files.readYaml`) to a chart as ApiObjects.
 * `source` names where they came from, for errors. Kubernetes `List`s are flattened.
 */
export function addObjects(chart: Chart, objects: readonly unknown[], source: string): ApiObject[] {
  const added: ApiObject[] = [];
  const flat = objects.flatMap((object) => (isList(object) ? object.items : [object]));
  for (const [index, object] of flat.entries()) {
    const where = `${source} document ${index + 1}`;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      throw new HomelabError(`${where} is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata.name)`);
    }
    const { apiVersion, kind, metadata, ...rest } = object as Record<string, unknown>;
    const name = (metadata as { name?: unknown } | undefined)?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || name === '') {
      throw new HomelabError(`${where} needs apiVersion, kind and metadata.name`);
    }
    const namespace = (metadata as { namespace?: unknown }).namespace;
    // Construct ids only need to be unique within the chart; they never appear in the output.
    const id = `${source}:${kind}:${typeof namespace === 'string' ? namespace : ''}:${name}`;
    if (chart.node.tryFindChild(id)) throw new HomelabError(`${where}: ${kind} "${name}" appears twice`);
    added.push(new ApiObject(chart, id, { apiVersion, kind, metadata: metadata as Record<string, unknown>, ...rest }));
  }
  return added;
}

function isList(object: unknown): object is { items: unknown[] } {
  const value = object as { kind?: unknown; items?: unknown } | null;
  return typeof value?.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}
