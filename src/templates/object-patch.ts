// What a patch of rendered objects is, as templates and the helm-chart options give it: Flux's (kustomize's) `patches`.

/**
 * Which objects a patch applies to, as in a Flux Kustomization's `patches[].target`. Every field given must match;
 * group, version, kind, name and namespace are regular expressions matched against the whole value (`web-.*`), the
 * selectors are Kubernetes label selectors (`app=web,tier in (a,b),!canary`).
 */
export interface PatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** A JSON6902 (RFC 6902) operation. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

export interface ObjectPatch {
  /**
   * The objects to patch. @default for a strategic-merge patch, the object the patch itself names (its kind and
   * metadata.name, and metadata.namespace when given); a JSON6902 patch needs a target
   */
  readonly target?: PatchTarget;
  /**
   * A strategic-merge patch (a mapping, or YAML text of one) or a JSON6902 patch (a list of operations, or YAML/JSON
   * text of one), as kustomize tells them apart.
   */
  readonly patch: string | Readonly<Record<string, unknown>> | readonly JsonPatchOperation[];
}
