// The Flux app-of-apps: one Kustomization per app, and the `flux` Kustomization that applies them all.
import type { FluxAppSettings, FluxConfig } from '../config/schema.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { APP_OF_APPS_DIR } from '../model/tree.ts';

export const FLUX_NAMESPACE = 'flux-system';
export const FLUX_SOURCE = { kind: 'GitRepository', name: 'flux-system' } as const;
export const KUSTOMIZATION_API = 'kustomize.toolkit.fluxcd.io/v1';
/** The Kustomization that applies `<appsPath>/flux`; created once by bootstrap. */
export const APP_OF_APPS = 'flux';

export interface FluxApp {
  readonly id: string;
  /** The app's namespace: health checks without one look there. @default flux-system (for homelab's own apps) */
  readonly namespace?: string;
  /** Explicit and automatic (crds) dependencies, in order. */
  readonly dependsOn: readonly string[];
  readonly settings: FluxAppSettings;
  /** The Secret holding the SOPS key, for apps that contain SOPS-encrypted objects. */
  readonly decryptionSecret?: string | undefined;
}

/** One Kustomization per Flux-managed app; `wait` defaults to true for apps others depend on. */
export function appKustomizations(apps: readonly FluxApp[], flux: FluxConfig): KubeObject[] {
  const dependedOn = new Set(apps.flatMap((app) => app.dependsOn));
  return apps.map((app) => {
    const { interval, wait, timeout, retryInterval, force, healthChecks, healthCheckExprs, postBuild, deletionPolicy, suspend } = app.settings;
    return kustomization(app.id, `./${flux.appsPath}/${app.id}`, {
      interval: interval ?? flux.interval,
      dependsOn: app.dependsOn,
      wait: wait ?? (dependedOn.has(app.id) ? true : undefined),
      timeout,
      retryInterval,
      decryptionSecret: app.decryptionSecret,
      extra: {
        ...(deletionPolicy !== undefined && { deletionPolicy }),
        ...(force !== undefined && { force }),
        ...(healthCheckExprs?.length && {
          healthCheckExprs: healthCheckExprs.map(({ apiVersion, kind, current, inProgress, failed }) => ({
            apiVersion, ...(kind !== undefined && { kind }), current, ...(inProgress !== undefined && { inProgress }), ...(failed !== undefined && { failed }),
          })),
        }),
        ...(healthChecks?.length && {
          healthChecks: healthChecks.map(({ apiVersion, kind, name, namespace }) => ({
            ...(apiVersion !== undefined && { apiVersion }), kind, name, namespace: namespace ?? app.namespace ?? FLUX_NAMESPACE,
          })),
        }),
        ...(postBuild && Object.keys(postBuild).length > 0 && {
          postBuild: {
            ...(postBuild.substitute && { substitute: sortedRecord(postBuild.substitute) }),
            ...(postBuild.substituteFrom && { substituteFrom: postBuild.substituteFrom.map(({ kind, name, optional }) => ({ kind, name, ...(optional !== undefined && { optional }) })) }),
            ...(postBuild.substituteStrategy && { substituteStrategy: postBuild.substituteStrategy }),
          },
        }),
        ...(suspend !== undefined && { suspend }),
      },
    });
  });
}

/** The root of the app-of-apps: Flux applies `<appsPath>/flux` and prunes apps removed from it. */
export function appOfApps(flux: FluxConfig): KubeObject {
  return kustomization(APP_OF_APPS, `./${flux.appsPath}/${APP_OF_APPS_DIR}`, { interval: flux.interval, dependsOn: [] });
}

interface KustomizationSpec {
  readonly interval: string;
  readonly dependsOn: readonly string[];
  readonly wait?: boolean | undefined;
  readonly timeout?: string | undefined;
  readonly retryInterval?: string | undefined;
  readonly decryptionSecret?: string | undefined;
  /** Further spec fields from the app's `flux:` settings, already in the CRD's shape. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
}

function kustomization(name: string, path: string, spec: KustomizationSpec): KubeObject {
  const fields: Record<string, unknown> = {
    ...spec.extra,
    ...(spec.decryptionSecret !== undefined && { decryption: { provider: 'sops', secretRef: { name: spec.decryptionSecret } } }),
    ...(spec.dependsOn.length > 0 && { dependsOn: spec.dependsOn.map((id) => ({ name: id })) }),
    interval: spec.interval,
    path,
    prune: true,
    ...(spec.retryInterval !== undefined && { retryInterval: spec.retryInterval }),
    sourceRef: { ...FLUX_SOURCE },
    ...(spec.timeout !== undefined && { timeout: spec.timeout }),
    ...(spec.wait !== undefined && { wait: spec.wait }),
  };
  // Spec fields in name order, as before, so existing Kustomizations keep their bytes.
  const ordered = Object.fromEntries(Object.keys(fields).sort().map((key) => [key, fields[key]]));
  return { apiVersion: KUSTOMIZATION_API, kind: 'Kustomization', metadata: { name, namespace: FLUX_NAMESPACE }, spec: ordered };
}
