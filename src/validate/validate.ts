// Every check on a render, before anything is written or pushed; generate-manifests, validate, diff and publish all run it.
import type { HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import { groupOf, isCrd, type KubeObject } from '../render/kube-object.ts';
import type { RenderedApp } from '../render/render.ts';
import type { Scope } from '../render/scope.ts';
import { crdDefinitionIssues } from './crd-definition.ts';
import { customKinds, type CustomKind } from './custom-resources.ts';
import { fluxKinds, MISSING_FLUX_SCHEMAS, type FluxKinds } from './flux-kinds.ts';
import { fluxReferenceProblems } from './flux-references.ts';
import { loadAjv } from './ajv.ts';
import { kubeMinor, readPrecompiledValidators, readSchemaBundle, type SchemaBundle } from './kubernetes-schemas.ts';
import { namespaceProblems } from './namespaces.ts';
import { identityProblems, missingIdentity } from './object-identity.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';
import { KubernetesApi } from './openapi.ts';
import type { FieldIssue } from './schema-errors.ts';
import { secretProblems } from './secrets.ts';

export interface ValidateInput {
  readonly config: HomelabConfig;
  readonly apps: readonly RenderedApp[];
  /** Hears what homelab cannot check (the API server will): CEL rules it cannot evaluate, untranslatable patterns. */
  readonly warn?: (warning: Problem) => void;
}

/** Flux's own kinds: installed by `homelab bootstrap`, so present in every cluster homelab deploys to. */
const FLUX_GROUPS = /\.toolkit\.fluxcd\.io$/;

/**
 * Returns every problem of the render (none when it may be written). Ownership conflicts and objects without
 * apiVersion/kind/name are already refused by render(); these are the checks that need the whole render and the
 * Kubernetes API of `kubeVersion`.
 */
export async function validateRender({ config, apps, warn }: ValidateInput): Promise<Problem[]> {
  const api = await kubernetesApi(config);
  if (!(api instanceof KubernetesApi)) return [api];
  const objects: RenderedObject[] = apps.flatMap((app) => app.files.map(({ file, object }) => ({ app: app.id, file, object })));
  const crds = objects.filter(({ object }) => isCrd(object));
  const minor = Number(kubeMinor(config.flux.kubeVersion).split('.')[1]);
  const Ajv = crds.length > 0 ? await loadAjv() : undefined;
  const warned = new Set<string>();
  const warnAt = (at: RenderedObject, path: string, message: string) => {
    const warning = objectProblem(at, path, message);
    const key = JSON.stringify(warning);
    if (!warned.has(key)) warn?.(warning);
    warned.add(key);
  };
  const crdAt = new Map(crds.map((at) => [at.object, at]));
  const custom = customKinds(crds, Ajv, minor, (crd, notice) => warnAt(crdAt.get(crd)!, notice.path, notice.message));
  let fluxNotice: ((path: string, message: string) => void) | undefined;
  const flux = await fluxKinds(minor, (crd, notice) => fluxNotice?.('kind', `Flux's CustomResourceDefinition "${crd.metadata.name}" ${notice.path}: ${notice.message}`));

  const problems: Problem[] = [];
  for (const at of crds) {
    const definition = crdDefinitionIssues(at.object, minor);
    problems.push(...definition.issues.map((issue) => objectProblem(at, issue.path, issue.message)));
    for (const notice of definition.notices) warnAt(at, notice.path, notice.message);
  }
  for (const at of objects) {
    const missing = missingIdentity(at);
    if (missing.length > 0) {
      problems.push(...missing);
      continue;
    }
    fluxNotice = (path, message) => warnAt(at, path, message);
    const kind = resolveKind(at.object, api, custom, flux, fluxNotice);
    if ('problem' in kind) problems.push(objectProblem(at, kind.path, kind.problem));
    problems.push(...identityProblems(at, kind.scope));
    if (kind.validate) problems.push(...kind.validate(at.object).map((issue) => objectProblem(at, issue.path, issue.message)));
  }
  problems.push(...secretProblems(objects, config));
  problems.push(...fluxReferenceProblems(objects, config.flux.appsPath, apps.map((app) => app.id)));
  problems.push(...namespaceProblems(objects, config));
  return problems;
}

interface ResolvedKind {
  readonly scope?: Scope;
  readonly validate?: (object: KubeObject) => FieldIssue[];
}

/** Who provides an object's kind: the Kubernetes API, a CRD in the render, or Flux; or a problem saying nobody does. */
function resolveKind(
  object: KubeObject,
  api: KubernetesApi,
  custom: ReadonlyMap<string, CustomKind>,
  flux: FluxKinds | undefined,
  warn: (path: string, message: string) => void,
): ResolvedKind | (ResolvedKind & { problem: string; path: string }) {
  const builtin = api.kind(object.apiVersion, object.kind);
  if (builtin) return { scope: builtin.scope, validate: (o) => builtin.validate(o) };
  const group = groupOf(object.apiVersion);
  const crd = custom.get(`${group}/${object.kind}`);
  if (crd) {
    const validate = crd.validator(object.apiVersion);
    if (validate) return { scope: crd.scope, validate };
    return { scope: crd.scope, path: 'apiVersion', problem: `CustomResourceDefinition "${crd.crd}" does not serve ${object.apiVersion}; served: ${crd.served.join(', ') || 'none'}` };
  }
  if (FLUX_GROUPS.test(group) && !flux) return { path: 'apiVersion', problem: MISSING_FLUX_SCHEMAS };
  const fluxKind = flux?.get(`${group}/${object.kind}`);
  if (fluxKind) {
    const validate = fluxKind.validator(object.apiVersion);
    if (validate) return { scope: fluxKind.scope, validate };
    return { scope: fluxKind.scope, path: 'apiVersion', problem: `Flux's CustomResourceDefinition "${fluxKind.crd}" does not serve ${object.apiVersion}; served: ${fluxKind.served.join(', ')}` };
  }
  // Flux kinds homelab has no schema for (notification, image automation) are installed by bootstrap: they pass.
  if (FLUX_GROUPS.test(group)) {
    warn('kind', `${object.kind} (${object.apiVersion}) is not checked: homelab bundles no schema for it`);
    return {};
  }
  const served = api.servedVersions(group, object.kind);
  if (served.length > 0) {
    return { path: 'apiVersion', problem: `Kubernetes ${api.version} does not serve ${object.kind} in ${object.apiVersion}; use ${served.join(' or ')}` };
  }
  return {
    path: 'kind',
    problem: `unknown kind ${object.kind} (${object.apiVersion}): neither Kubernetes ${api.version} nor a CustomResourceDefinition in the render provides it; add the CRD to an app (it goes to the crds app) or fix apiVersion/kind`,
  };
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
        ? config.files.flux.problem(['kubeVersion'], bundle.message)
        : await kubernetesApiOf(bundle as SchemaBundle));
    // A missing bundle may be fetched while the process runs (tests, watch mode): only cache successes.
    void api.then((result) => (result instanceof KubernetesApi ? undefined : apis.delete(version)));
    apis.set(version, api);
  }
  return api;
}
