// Every check on a render, before anything is written or pushed; generate-manifests, validate, diff and publish all run it.
import { fluxSettingProblem } from '../config/clusters.ts';
import type { HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { groupOf, isCrd, type KubeObject } from '../model/kube-object.ts';
import type { ManifestTree, RenderedApp } from '../model/tree.ts';
import { sha256Hex } from '../util/sha256.ts';
import { readFluxBundle } from './flux-kinds.ts';
import type { Scope } from '../model/scope.ts';
import { customKindChecks, type CustomKindChecks } from './custom-kind-checks.ts';
import { fluxReferenceProblems } from './flux-references.ts';
import { loadAjv } from './ajv.ts';
import { kubeMinor, readPrecompiledValidators, readSchemaBundle, type SchemaBundle } from './kubernetes-schemas.ts';
import { namespaceProblems } from './namespaces.ts';
import { identityProblems, missingIdentity } from './object-identity.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';
import { KubernetesApi, servedVersions, type BuiltinKind } from './openapi.ts';
import { metadataProblems } from './builtin/object-metadata.ts';
import type { ServedApis } from '../kubernetes/served-apis.ts';
import type { FieldIssue } from './schema-errors.ts';
import { secretProblems } from './secrets.ts';

export interface ValidateInput {
  readonly config: HomelabConfig;
  readonly apps: readonly RenderedApp[];
  /** Hears what homelab cannot check (the API server will): CEL rules it cannot evaluate, untranslatable patterns. */
  readonly warn?: (warning: Problem) => void;
  /** Where compiled validators persist between runs (the render cache); none: compiled in this process only. */
  readonly compiled?: ContentCache;
  /** Where verdicts of per-object checks persist (the render cache, with `tree`); none: every object is checked. */
  readonly verdicts?: ContentCache;
  /** The render's files: their bytes identify each object for `verdicts`. */
  readonly tree?: ManifestTree;
}

/** What one object's schema check concluded, and the warnings it gave: what `verdicts` keeps, per app. */
interface Outcome {
  readonly issues: readonly FieldIssue[];
  readonly warnings: readonly Problem[];
}

/**
 * Returns every problem of the render (none when it may be written). Ownership conflicts and objects without
 * apiVersion/kind/name are already refused by render(); these are the checks that need the whole render and the
 * Kubernetes API of `kubeVersion`.
 */
export async function validateRender({ config, apps, warn, compiled, verdicts, tree }: ValidateInput): Promise<Problem[]> {
  const api = await kubernetesApi(config);
  if (!(api instanceof KubernetesApi)) return [api];
  // The per-object checks read a copy with shared hidden classes (see reshaped), made just before they run and
  // dropped after, so it dies young instead of being promoted with thousands of others; the whole-render checks read
  // what they need of it (headOf). CRDs, whose definitions are checked before the loop, are copied here.
  const nullFree = new Set<KubeObject>();
  const byApp: RenderedObject[][] = apps.map((app) =>
    app.files.map(({ file, object }) => {
      if (!isCrd(object)) return { app: app.id, file, object };
      const copy = reshaped(object);
      if (!copy.hasNull) nullFree.add(copy.value);
      return { app: app.id, file, object: copy.value, reshaped: true };
    }));
  const objects = byApp.flat();
  // One link of the precompiled validators of every kind in the render, rather than one per kind as each first appears.
  // apiVersion → kinds, so that the `apiVersion/kind` keys are made once per pair, not once per object.
  const kindsByVersion = new Map<string, Set<string>>();
  for (const { object } of objects) {
    let kindsOf = kindsByVersion.get(object.apiVersion);
    if (!kindsOf) kindsByVersion.set(object.apiVersion, (kindsOf = new Set()));
    kindsOf.add(object.kind);
  }
  const kinds: string[] = [];
  for (const [apiVersion, kindsOf] of kindsByVersion) for (const kind of kindsOf) kinds.push(`${apiVersion}/${kind}`);
  api.prepare(kinds);
  const minor = Number(kubeMinor(config.flux.kubeVersion).split('.')[1]);

  // Each warning once, in the order the checks give them; while a check runs, its warnings are also recorded.
  const seen = new Set<string>();
  const emit = (warning: Problem) => {
    const key = JSON.stringify(warning);
    if (!seen.has(key)) warn?.(warning);
    seen.add(key);
  };
  // The list is made only when a warning comes (most objects have none).
  let recording = false;
  let recorded: Problem[] | undefined;
  const sink = (warning: Problem) => (recording ? (recorded ??= []).push(warning) : emit(warning));

  // Verdicts are remembered by the objects' published bytes, in a context of everything else they depend on: the
  // Kubernetes minor, flux.yaml, every CRD of the render (a custom resource's schema) and Flux's bundled CRDs.
  const remember = verdicts && tree ? verdicts : undefined;
  const digests = new Map<RenderedObject, string>();
  const digestOf = (at: RenderedObject) => {
    let digest = digests.get(at);
    if (digest === undefined) digests.set(at, (digest = sha256Hex(tree?.get(`${at.app}/${at.file}`) ?? JSON.stringify(at.object))));
    return digest;
  };
  const custom = await customKindChecks(objects, minor, sink, remember ? { ...(compiled && { compiled }), verdicts: remember, digestOf } : { ...(compiled && { compiled }) });
  const context = remember
    ? sha256Hex(JSON.stringify([minor, config.flux, (await readFluxBundle())?.source ?? null, objects.filter(({ object }) => isCrd(object)).map(digestOf)]))
    : '';

  const served = api.servedApis(config.flux.enabledApiVersions ?? []);
  // apiVersion → kind → the served built-in kind, or null: looked up once per pair, not per object.
  const builtins = new Map<string, Map<string, BuiltinKind | null>>();
  const problems: Problem[] = [...custom.problems];
  for (const { index, message } of served.unknown) problems.push(config.files.flux.problem(['enabledApiVersions', index], message));
  const stores: Promise<void>[] = [];
  // What the whole-render checks below read, taken from the copies: reading the rendered objects again would be
  // three more passes of lookups on objects that each have a shape of their own.
  const heads: RenderedObject[] = [];
  const remembered = apps.map((app, appIndex) => {
    const own = byApp[appIndex]!;
    const key = remember ? sha256Hex(JSON.stringify([context, app.id, own.map(digestOf)])) : undefined;
    return { key, stored: key ? storedOutcomes(remember!.readSync(key), own.length) : undefined };
  });
  for (const [appIndex, own] of byApp.entries()) if (!remembered[appIndex]!.stored) custom.expect(own);
  for (let appIndex = 0; appIndex < apps.length; appIndex++) {
    const own = byApp[appIndex]!;
    const { key, stored } = remembered[appIndex]!;
    const outcomes: (Outcome | null)[] = [];
    for (let index = 0; index < own.length; index++) {
      const { at, nullFree: holdsNoNull } = checked(own[index]!, nullFree);
      heads.push(headOf(at));
      const missing = missingIdentity(at);
      if (missing.length > 0) {
        problems.push(...missing);
        outcomes.push(null);
        continue;
      }
      let kind: ResolvedKind | null = servedBuiltin(at.object, api, served, builtins);
      if (!kind) {
        const resolved = resolveKind(at, api, served, custom);
        if ('problem' in resolved) problems.push(objectProblem(at, resolved.path, resolved.problem));
        kind = resolved;
      }
      // Most objects have no problem: skip the spreads (11,000 objects in the 1000-app bench).
      const identity = identityProblems(at, kind.scope);
      if (identity.length > 0) problems.push(...identity);
      const metadata = metadataProblems(at, api.minor);
      if (metadata.length > 0) problems.push(...metadata);
      if (!kind.validate) {
        outcomes.push(null);
        continue;
      }
      let outcome = stored?.[index];
      if (!outcome) {
        recording = true;
        try {
          const issues = kind.validate(at.object, holdsNoNull);
          outcome = { issues, warnings: recorded ?? NO_WARNINGS };
        } finally {
          recording = false;
          recorded = undefined;
        }
      }
      for (let w = 0; w < outcome.warnings.length; w++) emit(outcome.warnings[w]!);
      if (outcome.issues.length > 0) problems.push(...outcome.issues.map((issue) => objectProblem(at, issue.path, issue.message)));
      outcomes.push(outcome);
    }
    if (key && !stored) stores.push(remember!.write(key, JSON.stringify(outcomes)));
  }
  problems.push(...secretProblems(heads, config));
  problems.push(...fluxReferenceProblems(heads, config.flux.appsPath, apps.map((app) => app.id)));
  problems.push(...namespaceProblems(heads, config));
  await Promise.all(stores);
  return problems;
}

const NO_WARNINGS: readonly Problem[] = Object.freeze([]);

/**
 * What secretProblems, fluxReferenceProblems and namespaceProblems read of an object: all of a Secret or a
 * Kustomization, of the others their identity (a small object kept for the whole render instead of the copy).
 */
function headOf(at: RenderedObject): RenderedObject {
  const { object } = at;
  if (object.kind === 'Secret' || object.kind === 'Kustomization') return at;
  const metadata = object.metadata as unknown;
  const head = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: metadata !== null && typeof metadata === 'object' ? { name: (metadata as KubeObject['metadata']).name, namespace: (metadata as KubeObject['metadata']).namespace } : metadata,
  };
  return { app: at.app, file: at.file, object: head as KubeObject };
}

/** The object as the per-object checks read it: its copy with shared hidden classes, and whether it holds no null. */
function checked(at: RenderedObject & { readonly reshaped?: boolean }, nullFree: ReadonlySet<KubeObject>): { at: RenderedObject; nullFree: boolean } {
  if (at.reshaped) return { at, nullFree: nullFree.has(at.object) };
  const copy = reshaped(at.object);
  return { at: { app: at.app, file: at.file, object: copy.value }, nullFree: !copy.hasNull };
}

/**
 * A copy of a rendered object whose objects share hidden classes, as JSON.parse's do. Objects that came from the
 * templates' worker (structured clone) each have a hidden class of their own, so every property read of the checks
 * (ajv's validators, the schema walk, the Go rules, the metadata checks: five passes) was a megamorphic lookup;
 * ajv's ObjectMeta validator ran ten times slower on them. One copy costs less than the lookups it saves. Only
 * arrays and plain objects are copied; the checks only read the copy.
 */
function reshaped<T>(value: T): { value: T; hasNull: boolean } {
  const state = { hasNull: false };
  return { value: copyShared(value, state) as T, hasNull: state.hasNull };
}

function copyShared(item: unknown, state: { hasNull: boolean }): unknown {
  if (item === null) state.hasNull = true;
  if (item === null || typeof item !== 'object') return item;
  if (Array.isArray(item)) {
    const out = new Array<unknown>(item.length);
    for (let i = 0; i < item.length; i++) out[i] = copyShared(item[i], state);
    return out;
  }
  const prototype = Object.getPrototypeOf(item) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    state.hasNull = true; // Not looked into: withoutNulls decides.
    return item;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    const field = copyShared((item as Record<string, unknown>)[key], state);
    // An assignment to __proto__ would set the prototype: keep it the own property it is.
    if (key === '__proto__') Object.defineProperty(out, key, { value: field, enumerable: true, writable: true, configurable: true });
    else out[key] = field;
  }
  return out;
}

/** An app's remembered outcomes, one per object; undefined unless whole. */
function storedOutcomes(stored: Buffer | undefined, objects: number): (Outcome | null)[] | undefined {
  if (!stored) return undefined;
  try {
    const outcomes = JSON.parse(stored.toString('utf8')) as (Outcome | null)[];
    return Array.isArray(outcomes) && outcomes.length === objects ? outcomes : undefined;
  } catch {
    return undefined;
  }
}

interface ResolvedKind {
  readonly scope?: Scope;
  readonly validate?: (object: KubeObject, nullFree?: boolean) => FieldIssue[];
}

/** The built-in kind of an object when the API server serves it (the common case), from the per-render cache. */
function servedBuiltin(object: KubeObject, api: KubernetesApi, served: ServedApis, cache: Map<string, Map<string, BuiltinKind | null>>): BuiltinKind | null {
  let byKind = cache.get(object.apiVersion);
  if (!byKind) cache.set(object.apiVersion, (byKind = new Map()));
  let resolved = byKind.get(object.kind);
  if (resolved === undefined) {
    const builtin = api.kind(object.apiVersion, object.kind);
    resolved = builtin && served.serves(object.apiVersion, object.kind) ? builtin : null;
    byKind.set(object.kind, resolved);
  }
  return resolved;
}

/** Who provides an object's kind: the Kubernetes API, a CRD in the render, or Flux; or a problem saying nobody does. */
function resolveKind(at: RenderedObject, api: KubernetesApi, served: ServedApis, custom: CustomKindChecks): ResolvedKind | (ResolvedKind & { problem: string; path: string }) {
  const object = at.object;
  const builtin = api.kind(object.apiVersion, object.kind);
  const group = groupOf(object.apiVersion);
  if (builtin && served.serves(object.apiVersion, object.kind)) return builtin;
  if (builtin) return { scope: builtin.scope, path: 'apiVersion', problem: notServedByDefault(object, api, served) };
  const verdict = custom.resolve(at);
  if (verdict?.problem) return { scope: verdict.scope, path: verdict.problem.path, problem: verdict.problem.message };
  if (verdict) return verdict;
  const versions = servedVersions(served, group, object.kind);
  if (versions.length > 0) {
    return { path: 'apiVersion', problem: `Kubernetes ${api.version} does not serve ${object.kind} in ${object.apiVersion}; use ${versions.join(' or ')}` };
  }
  return {
    path: 'kind',
    problem: `unknown kind ${object.kind} (${object.apiVersion}): neither Kubernetes ${api.version} nor a CustomResourceDefinition in the render provides it; add the CRD to an app (it goes to the crds app) or fix apiVersion/kind`,
  };
}

/** An alpha/beta version the release defines but a default API server does not serve (pkg/controlplane/instance.go). */
function notServedByDefault(object: KubeObject, api: KubernetesApi, served: ServedApis): string {
  const versions = servedVersions(served, groupOf(object.apiVersion), object.kind);
  const instead = versions.length > 0 ? `use ${versions.join(' or ')}, or ` : '';
  return `Kubernetes ${api.version} does not serve ${object.apiVersion} by default (alpha and beta APIs need --runtime-config and usually a feature gate): ${instead}if your API server enables it, list "${object.apiVersion}" under enabledApiVersions in config/flux.yaml`;
}

/** Precompiled validators when scripts/k8s-schemas.mjs made them; otherwise ajv compiles at run time. */
async function kubernetesApiOf(bundle: SchemaBundle): Promise<KubernetesApi> {
  const precompiled = await readPrecompiledValidators(bundle);
  return new KubernetesApi(bundle, precompiled, precompiled ? undefined : await loadAjv());
}

const apis = new Map<string, Promise<KubernetesApi | Problem>>();

/** The API of config/flux.yaml's kubeVersion, loaded once per process; a problem at `kubeVersion` when there is none. */
function kubernetesApi(config: HomelabConfig): Promise<KubernetesApi | Problem> {
  const version = config.flux.kubeVersion;
  let api = apis.get(version);
  if (!api) {
    api = readSchemaBundle(version).then(async (bundle) =>
      'message' in bundle
        ? fluxSettingProblem(config, 'kubeVersion', bundle.message)
        : await kubernetesApiOf(bundle as SchemaBundle));
    // A missing bundle may be fetched while the process runs (tests, watch mode): only cache successes.
    void api.then((result) => (result instanceof KubernetesApi ? undefined : apis.delete(version)));
    apis.set(version, api);
  }
  return api;
}
