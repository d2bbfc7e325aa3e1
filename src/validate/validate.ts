// Every check on a render, before anything is written or pushed; generate-manifests, validate, diff and publish all run it.
import type { HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import { groupOf, isCrd, type KubeObject } from '../model/kube-object.ts';
import type { ManifestTree, RenderedApp } from '../model/tree.ts';
import { sha256Hex } from '../util/sha256.ts';
import { checkAll, type SchemaCheck } from './verdicts.ts';
import type { Scope } from '../model/scope.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { validatorCompiler } from './compiled-validators.ts';
import { CRD_AJV_OPTIONS, customKinds, type CustomKind } from './custom-resources.ts';
import { fluxReferenceProblems } from './flux-references.ts';
import { loadAjv } from './ajv.ts';
import { readPrecompiledValidators, readSchemaBundle, type SchemaBundle } from './kubernetes-schemas.ts';
import { identityProblems, missingIdentity } from './object-identity.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';
import { KubernetesApi } from './openapi.ts';
import type { FieldIssue } from './schema-errors.ts';
import { secretProblems } from './secrets.ts';

export interface ValidateInput {
  readonly config: HomelabConfig;
  readonly apps: readonly RenderedApp[];
  /** Where compiled validators persist between runs (the render cache); none: compiled in this process only. */
  readonly compiled?: ContentCache;
  /** Where verdicts of the per-object schema checks persist (the render cache, with `tree`); none: every object checked. */
  readonly verdicts?: ContentCache;
  /** The render's files, whose bytes identify each object for `verdicts`. */
  readonly tree?: ManifestTree;
}

/** Flux's own kinds: installed by `homelab bootstrap`, so present in every cluster homelab deploys to. */
const FLUX_GROUPS = /\.toolkit\.fluxcd\.io$/;

/**
 * Returns every problem of the render (none when it may be written). Ownership conflicts and objects without
 * apiVersion/kind/name are already refused by render(); these are the checks that need the whole render and the
 * Kubernetes API of `kubeVersion`.
 */
export async function validateRender({ config, apps, compiled, verdicts, tree }: ValidateInput): Promise<Problem[]> {
  const api = await kubernetesApi(config);
  if (!(api instanceof KubernetesApi)) return [api];
  const objects: RenderedObject[] = apps.flatMap((app) => app.files.map(({ file, object }) => ({ app: app.id, file, object })));
  const crds = objects.filter(({ object }) => isCrd(object));
  const custom = customKinds(crds, crds.length > 0 ? validatorCompiler(CRD_AJV_OPTIONS, compiled) : undefined);
  // Verdicts are remembered by the object's published bytes and its schema's identity (a CRD's own bytes).
  const remember = verdicts && tree ? verdicts : undefined;
  const digestOf = (at: RenderedObject) => (remember ? sha256Hex(tree!.get(`${at.app}/${at.file}`) ?? JSON.stringify(at.object)) : '');
  const crdDigests = new Map(remember ? crds.map((at) => [at.object.metadata.name, digestOf(at)]) : []);

  const resolved = objects.map((at) => (missingIdentity(at).length > 0 ? undefined : resolveKind(at.object, api, custom)));
  const checks = new Map<RenderedObject, SchemaCheck>();
  const groups = apps.map((app) => objects.flatMap((at, index) => {
    const kind = resolved[index];
    if (at.app !== app.id || !kind?.validate || !kind.validator) return [];
    const validate = kind.validate;
    const validator = kind.validator.startsWith('crd/') ? `crd/${crdDigests.get(kind.validator.slice(4)) ?? ''}/${at.object.apiVersion}` : kind.validator;
    const check: SchemaCheck = { validator, digest: digestOf(at), run: () => validate(at.object) };
    checks.set(at, check);
    return [check];
  }));
  const outcomes = await checkAll(groups, remember);
  const issuesOf = new Map<SchemaCheck, FieldIssue[]>(groups.flatMap((group, g) => group.map((check, i) => [check, outcomes[g]![i]!] as const)));

  const problems: Problem[] = [];
  for (const [index, at] of objects.entries()) {
    const missing = missingIdentity(at);
    if (missing.length > 0) {
      problems.push(...missing);
      continue;
    }
    const kind = resolved[index]!;
    if ('problem' in kind) problems.push(objectProblem(at, (kind as KindProblem).path, (kind as KindProblem).problem));
    problems.push(...identityProblems(at, kind.scope));
    const check = checks.get(at);
    if (check) problems.push(...issuesOf.get(check)!.map((issue) => objectProblem(at, issue.path, issue.message)));
  }
  problems.push(...secretProblems(objects, config));
  problems.push(...fluxReferenceProblems(objects, config.flux.appsPath, apps.map((app) => app.id)));
  return problems;
}

interface ResolvedKind {
  readonly scope?: Scope;
  readonly validate?: (object: KubeObject) => FieldIssue[];
  /** Identifies `validate`'s schema: `builtin/<minor>/<apiVersion>/<Kind>`, or `crd/<CRD name>` (made exact by its digest). */
  readonly validator?: string;
}

type KindProblem = ResolvedKind & { problem: string; path: string };

/** Who provides an object's kind: the Kubernetes API, a CRD in the render, or Flux; or a problem saying nobody does. */
function resolveKind(object: KubeObject, api: KubernetesApi, custom: ReadonlyMap<string, CustomKind>): ResolvedKind | KindProblem {
  const builtin = api.kind(object.apiVersion, object.kind);
  if (builtin) return { scope: builtin.scope, validate: (o) => builtin.validate(o), validator: `builtin/${api.version}/${object.apiVersion}/${object.kind}` };
  const group = groupOf(object.apiVersion);
  const crd = custom.get(`${group}/${object.kind}`);
  if (crd) {
    const validate = crd.validator(object.apiVersion);
    if (validate) return { scope: crd.scope, validate, validator: `crd/${crd.crd}` };
    return { scope: crd.scope, path: 'apiVersion', problem: `CustomResourceDefinition "${crd.crd}" does not serve ${object.apiVersion}; served: ${crd.served.join(', ') || 'none'}` };
  }
  if (FLUX_GROUPS.test(group)) return {};
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
