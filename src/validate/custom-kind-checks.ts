// Everything about kinds that CRDs define: the CRDs of the render checked as definitions, their custom resources,
// and Flux's own kinds against Flux's bundled CRDs; with warnings for what homelab cannot check.
import type { Problem } from '../errors.ts';
import { groupOf, isCrd, type KubeObject } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { validatorCompiler } from './compiled-validators.ts';
import { crdDefinitionIssues, type CrdDefinitionResult } from './crd-definition.ts';
import { CRD_AJV_OPTIONS, customKinds, type CustomKind } from './custom-resources.ts';
import { fluxKinds, MISSING_FLUX_SCHEMAS } from './flux-kinds.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';
import type { FieldIssue } from './schema-errors.ts';

/** Flux's own kinds: installed by `homelab bootstrap`, so present in every cluster homelab deploys to. */
const FLUX_GROUPS = /\.toolkit\.fluxcd\.io$/;

/** How a CRD-defined kind is checked, or why it cannot be. */
export interface CustomKindVerdict {
  readonly scope?: Scope;
  readonly validate?: (object: KubeObject) => FieldIssue[];
  readonly problem?: { readonly path: string; readonly message: string };
}

export interface CustomKindChecks {
  /** Problems of the CRDs themselves. */
  readonly problems: readonly Problem[];
  /** The verdict for an object of a kind a CRD of the render or Flux defines; undefined for any other kind. */
  resolve(at: RenderedObject): CustomKindVerdict | undefined;
  /** Tells objects about to be checked, before the first is (see CustomKind.expect). */
  expect(objects: readonly RenderedObject[]): void;
}

/** What custom-kind checks may keep between runs (the render cache): compiled validators, CRD definition verdicts. */
export interface CustomKindCaches {
  readonly compiled?: ContentCache;
  readonly verdicts?: ContentCache;
  /** The digest of a CRD's published bytes, which decide its definition verdict. */
  readonly digestOf?: (at: RenderedObject) => string;
}

/** `warn` hears every warning each time it arises (the caller keeps the first of equal ones). */
export async function customKindChecks(objects: readonly RenderedObject[], kubeMinor: number, warn: ((warning: Problem) => void) | undefined, caches: CustomKindCaches = {}): Promise<CustomKindChecks> {
  const warnAt = (at: RenderedObject, path: string, message: string) => warn?.(objectProblem(at, path, message));
  const crds = objects.filter(({ object }) => isCrd(object));
  const crdAt = new Map(crds.map((at) => [at.object, at]));
  const compiler = crds.length > 0 ? validatorCompiler(CRD_AJV_OPTIONS, caches.compiled) : undefined;
  const custom = customKinds(crds, compiler, kubeMinor, (crd, notice) => warnAt(crdAt.get(crd)!, notice.path, notice.message));
  const customKindOf = (apiVersion: string, kind: string) => custom.get(`${groupOf(apiVersion)}/${kind}`);
  // Notices about Flux's CRDs are told at the object being checked.
  let current: RenderedObject | undefined;
  const flux = await fluxKinds(kubeMinor, (crd, notice) => current && warnAt(current, 'kind', `Flux's CustomResourceDefinition "${crd.metadata.name}" ${notice.path}: ${notice.message}`));

  const problems: Problem[] = [];
  for (const [index, definition] of definitionsOf(crds, kubeMinor, caches).entries()) {
    const at = crds[index]!;
    problems.push(...definition.issues.map((issue) => objectProblem(at, issue.path, issue.message)));
    for (const notice of definition.notices) warnAt(at, notice.path, notice.message);
  }

  const verdict = (kind: CustomKind, apiVersion: string, owner: string): CustomKindVerdict => {
    const validate = kind.validator(apiVersion);
    if (validate) return { scope: kind.scope, validate };
    return { scope: kind.scope, problem: { path: 'apiVersion', message: `${owner}CustomResourceDefinition "${kind.crd}" does not serve ${apiVersion}; served: ${kind.served.join(', ') || 'none'}` } };
  };
  // apiVersion → kind → verdict: a render asks for each of its 1000 Kustomizations. Kinds that are told about per
  // object (Flux kinds without a schema) are not kept.
  const resolved = new Map<string, Map<string, CustomKindVerdict | undefined>>();
  return {
    problems,
    expect(objects) {
      // Of the render's own CRDs only (none: nothing to tell): Flux's kinds have validators compiled ahead (flux-kinds.ts).
      if (custom.size === 0) return;
      for (const { object } of objects) customKindOf(object.apiVersion, object.kind)?.expect(object);
    },
    resolve(at) {
      current = at;
      const { apiVersion, kind } = at.object;
      let byKind = resolved.get(apiVersion);
      if (!byKind) resolved.set(apiVersion, (byKind = new Map()));
      if (byKind.has(kind)) return byKind.get(kind);
      const found = resolveNow(at, apiVersion, kind);
      if (found !== UNCHECKED) byKind.set(kind, found);
      return found;
    },
  };

  function resolveNow(at: RenderedObject, apiVersion: string, kind: string): CustomKindVerdict | undefined {
    const crd = customKindOf(apiVersion, kind);
    if (crd) return verdict(crd, apiVersion, '');
    const group = groupOf(apiVersion);
    if (!FLUX_GROUPS.test(group)) return undefined;
    if (!flux) return { problem: { path: 'apiVersion', message: MISSING_FLUX_SCHEMAS } };
    const fluxKind = flux.get(`${group}/${kind}`);
    if (fluxKind) return verdict(fluxKind, apiVersion, "Flux's ");
    // Flux kinds homelab has no schema for (notification, image automation) are installed by bootstrap: they pass.
    warnAt(at, 'kind', `${kind} (${apiVersion}) is not checked: homelab bundles no schema for it`);
    return UNCHECKED;
  }
}

/** The verdict for a Flux kind without a schema: it passes, with a warning at each object. */
const UNCHECKED: CustomKindVerdict = Object.freeze({});

/** The CRDs' definition verdicts, remembered together by their published bytes (checking compiles every CEL rule). */
function definitionsOf(crds: readonly RenderedObject[], kubeMinor: number, caches: CustomKindCaches): CrdDefinitionResult[] {
  const { verdicts, digestOf } = caches;
  const compute = () => crds.map((at) => crdDefinitionIssues(at.object, kubeMinor, digestOf?.(at)));
  if (!verdicts || !digestOf || crds.length === 0) return compute();
  const key = `definitions\0${kubeMinor}\0${crds.map(digestOf).join(',')}`;
  const stored = verdicts.readSync(key);
  if (stored) {
    try {
      const results = JSON.parse(stored.toString('utf8')) as CrdDefinitionResult[];
      if (Array.isArray(results) && results.length === crds.length) return results;
    } catch {
      // Recomputed below.
    }
  }
  const results = compute();
  void verdicts.write(key, JSON.stringify(results));
  return results;
}
