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
  /** Explicit and automatic (crds) dependencies, in order. */
  readonly dependsOn: readonly string[];
  readonly settings: FluxAppSettings;
  /** The Secret holding the SOPS key, for apps that contain SOPS-encrypted objects. */
  readonly decryptionSecret?: string | undefined;
}

/** One Kustomization per Flux-managed app; `wait` defaults to true for apps others depend on. */
export function appKustomizations(apps: readonly FluxApp[], flux: FluxConfig): KubeObject[] {
  const dependedOn = new Set(apps.flatMap((app) => app.dependsOn));
  return apps.map((app) => kustomization(app.id, `./${flux.appsPath}/${app.id}`, {
    interval: app.settings.interval ?? flux.interval,
    dependsOn: app.dependsOn,
    wait: app.settings.wait ?? (dependedOn.has(app.id) ? true : undefined),
    timeout: app.settings.timeout,
    retryInterval: app.settings.retryInterval,
    decryptionSecret: app.decryptionSecret,
  }));
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
}

function kustomization(name: string, path: string, spec: KustomizationSpec): KubeObject {
  return {
    apiVersion: KUSTOMIZATION_API,
    kind: 'Kustomization',
    metadata: { name, namespace: FLUX_NAMESPACE },
    spec: {
      ...(spec.decryptionSecret !== undefined && { decryption: { provider: 'sops', secretRef: { name: spec.decryptionSecret } } }),
      ...(spec.dependsOn.length > 0 && { dependsOn: spec.dependsOn.map((id) => ({ name: id })) }),
      interval: spec.interval,
      path,
      prune: true,
      ...(spec.retryInterval !== undefined && { retryInterval: spec.retryInterval }),
      sourceRef: { ...FLUX_SOURCE },
      ...(spec.timeout !== undefined && { timeout: spec.timeout }),
      ...(spec.wait !== undefined && { wait: spec.wait }),
    },
  };
}
