// The shape of config/apps.yaml and config/flux.yaml, with their documented defaults.
import { z } from 'zod';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../model/names.ts';

export const API_VERSION = 'v1alpha1';

/** A DNS-1123 label: what an app id must be, so it is safe as an object name and a directory name. */
const dnsLabel = z.string().regex(DNS_LABEL, {
  error: 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
});

/** A duration as Flux's CRDs accept it (ms, s, m, h), e.g. `10m`, `1h30m`, `45s`. */
const duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, {
  error: 'expected a duration such as "10m", "1h30m" or "45s"',
});

/** A relative path inside the manifests repo: no leading "/", no "." or ".." segments. */
const repoPath = z.string().regex(/^(?!\.{1,2}(\/|$))[A-Za-z0-9_][A-Za-z0-9._-]*(\/(?!\.{1,2}(\/|$))[A-Za-z0-9_][A-Za-z0-9._-]*)*$/, {
  error: 'expected a relative path inside the repository, such as "apps" or "clusters/home/apps"',
});

// Values below follow the Kustomization CRD of kustomize-controller v1.9.5 (kustomize.toolkit.fluxcd.io/v1): its types,
// required fields, enums and lengths, so what homelab accepts the API server accepts, and the reverse.

/** A health check reference (meta.NamespacedObjectKindReference); homelab fills in the app's namespace when none is given. */
const healthCheckSchema = z.strictObject({
  /** @default the preferred version of the kind */
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  /** @default the app's namespace */
  namespace: z.string().optional(),
});

/** A CEL health check for a custom kind (kustomize.CustomHealthCheck). */
const healthCheckExprSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string().optional(),
  /** CEL: true when the object is healthy. */
  current: z.string(),
  /** CEL: true while the object is still progressing. */
  inProgress: z.string().optional(),
  /** CEL: true when the object failed. */
  failed: z.string().optional(),
});

/** Names kustomize-controller substitutes (`${name}`); it refuses others when it reconciles (fluxcd/pkg kustomize varsub). */
const SUBSTITUTE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

const postBuildSchema = z.strictObject({
  /** `${name}` → value in the app's manifests, applied by Flux in the cluster. */
  substitute: z.record(
    z.string().regex(SUBSTITUTE_NAME, { error: 'expected a variable name: letters, digits and "_", not starting with a digit' }),
    z.string(),
  ).optional(),
  /** ConfigMaps and Secrets in flux-system whose data keys are more variables. */
  substituteFrom: z.array(z.strictObject({
    kind: z.enum(['Secret', 'ConfigMap']),
    name: z.string().min(1).max(253),
    /** Tolerate a missing ConfigMap/Secret. @default false */
    optional: z.boolean().optional(),
  })).optional(),
  /** WithVariables: substitute only when some variable is defined; Always: even when none is. @default WithVariables */
  substituteStrategy: z.enum(['WithVariables', 'Always']).optional(),
});

export const fluxAppSettingsSchema = z.strictObject({
  /** How often Flux reconciles this app. @default flux.yaml `interval` */
  interval: duration.optional(),
  /** How long Flux waits for apply and health checks. @default Flux's own (the interval) */
  timeout: duration.optional(),
  /** Wait for every object to be healthy before the app is Ready. @default true when other apps depend on it */
  wait: z.boolean().optional(),
  /** How soon Flux retries after a failure. @default Flux's own (the interval) */
  retryInterval: duration.optional(),
  /** Recreate objects whose immutable fields changed. @default false */
  force: z.boolean().optional(),
  /** Objects whose health makes the app Ready (ignored by Flux when `wait` is true). @default none */
  healthChecks: z.array(healthCheckSchema).optional(),
  /** CEL health checks for custom kinds, used with `wait` or `healthChecks`. @default none */
  healthCheckExprs: z.array(healthCheckExprSchema).optional(),
  /** Variable substitution Flux applies to the app's manifests in the cluster. @default none */
  postBuild: postBuildSchema.optional(),
  /** What Flux does with the app's objects when the app is removed. @default MirrorPrune (delete, since prune is on) */
  deletionPolicy: z.enum(['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan']).optional(),
  /** Stop reconciling the app. @default false */
  suspend: z.boolean().optional(),
});

export const appSchema = z.strictObject({
  /** The template that renders this app: a built-in one or `templates/<name>/`. */
  template: z.string().min(1, { error: 'expected a template name' }),
  /** @default the template name */
  id: dnsLabel.optional(),
  /** The namespace of the app's namespaced objects. @default the app id */
  namespace: dnsLabel.optional(),
  /** Ids of apps that must be Ready before this one is applied (Flux dependsOn). */
  dependencies: z.array(z.string()).default([]),
  /** Options for the template, checked by the template's own schema. */
  options: z.record(z.string(), z.unknown()).nullable().default({}),
  /** false: rendered but not deployed by Flux; an object tunes its Kustomization. @default true */
  flux: z.union([z.boolean(), fluxAppSettingsSchema], {
    error: `expected true, false or a mapping with ${Object.keys(fluxAppSettingsSchema.shape).join(', ')}`,
  }).default(true),
});

export const appsConfigSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('HomelabAppsConfig'),
  apps: z.array(appSchema).nullable().default([]),
});

export const fluxConfigSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('HomelabFluxConfig'),
  /** The manifests repository Flux reconciles (https://…, ssh://… or git@host:path). */
  repo: z.string().regex(/^(https?:\/\/|ssh:\/\/|[\w.-]+@[\w.-]+:)\S+$/, {
    error: 'expected a git URL such as "https://github.com/me/homelab-manifests.git" or "git@github.com:me/homelab-manifests.git"',
  }),
  /** @default "main" */
  branch: z.string().regex(/^(?!\/|.*\/\/|.*\.\.|.*\/$)[^\s~^:?*[\\]+$/, { error: 'expected a git branch name' }).default('main'),
  /** Where `flux bootstrap` keeps flux-system. @default "flux" */
  path: repoPath.default('flux'),
  /** Where rendered apps live in the manifests repo. @default "apps" */
  appsPath: repoPath.default('apps'),
  /** Reconcile interval of the generated Kustomizations. @default "10m" */
  interval: duration.default('10m'),
  /** The cluster's Kubernetes version (major.minor). @default "1.34" */
  kubeVersion: z.string().regex(/^v?1\.\d+(\.\d+)?$/, { error: 'expected a Kubernetes version such as "1.34"' }).default('1.34'),
  /**
   * Alpha/beta API versions (`group/version`) the cluster's API server serves because --runtime-config and feature gates
   * enable them; objects of other alpha/beta versions are refused. @default []
   */
  enabledApiVersions: z.array(z.string().regex(/^[a-z0-9.-]+\/v\d+(alpha|beta)\d+$/, {
    error: 'expected an alpha or beta API group/version such as "resource.k8s.io/v1beta2"',
  })).optional(),
  /** SOPS decryption for apps with encrypted Secrets: the Secret in flux-system that holds the key. @default none */
  sops: z.strictObject({
    secretRef: z.string().regex(DNS_SUBDOMAIN, {
      error: 'expected the name of a Secret in flux-system, such as "sops-age"',
    }),
  }).optional(),
  /** Namespaces the cluster has although no app creates them (besides default, kube-*, flux-system). @default [] */
  existingNamespaces: z.array(dnsLabel).optional(),
  /** Limits on the templates' own code, which runs in a worker thread apart from homelab. @default { timeout: "60s" } */
  templates: z.strictObject({
    /** How long one step of a template (loading it, its options schema, assets, build(), a chart transform) may take. @default "60s" */
    timeout: duration.optional(),
  }).optional(),
  /** How `homelab bootstrap` runs `flux bootstrap`. @default { personal: true, extraArgs: [] } */
  bootstrap: z.strictObject({
    /** github.com/gitlab.com: the owner is a user (`--personal`), not an organization or group. @default true */
    personal: z.boolean().optional(),
    /** Extra flags for `flux bootstrap …`, e.g. ["--components-extra=image-reflector-controller"]; never credentials. */
    extraArgs: z.array(z.string().regex(/^--?[A-Za-z]/, { error: 'expected a flag such as "--components-extra=…"' })).optional(),
  }).optional(),
});

export type FluxAppSettings = z.infer<typeof fluxAppSettingsSchema>;
export type FluxConfig = z.infer<typeof fluxConfigSchema>;
export type RawAppsConfig = z.infer<typeof appsConfigSchema>;
