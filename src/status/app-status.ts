// Pure: the render's app graph + Flux's Kustomizations from the cluster → each app's live state and what blocks it.
import type { Condition, KustomizationObject } from '../kube/flux-objects.ts';
import type { AppGraph } from '../graph/model.ts';

/**
 * ready: Flux's Ready is True for the current spec. waiting: held back by a dependency that is not Ready.
 * progressing: Flux is reconciling (Ready Unknown). failing: Ready False for a reason of its own.
 * missing: in the render, not in the cluster. orphaned: in the cluster (applied by the app-of-apps), not in the render.
 * manual: `flux: false`, so Flux has nothing to report.
 */
export type AppState = 'ready' | 'waiting' | 'progressing' | 'failing' | 'missing' | 'orphaned' | 'manual';

export interface AppStatus {
  readonly id: string;
  readonly state: AppState;
  /** Flux's Ready condition, when the Kustomization exists. */
  readonly ready?: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly suspended: boolean;
  /** `main@sha1:<commit>`: the manifests revision Flux last applied. */
  readonly revision?: string;
  /** When Flux first applied `revision` (its reconcile history), i.e. since when it is live. */
  readonly appliedAt?: string;
  /** When the Ready condition last changed (Flux flips it at every reconcile). */
  readonly since?: string;
  /** Objects Flux applied and tracks (its inventory). */
  readonly inventory?: number;
  /** Dependencies that are not Ready. */
  readonly blockedBy: readonly string[];
  /** Where the wait starts: the not-Ready apps down the dependency chain that are not themselves waiting. */
  readonly rootCause: readonly string[];
  /** The source commit the revision was published from (with --repo). */
  readonly sourceCommit?: string;
}

export interface StatusReport {
  readonly context: string;
  readonly server: string;
  /** Whether the cluster serves Flux's Kustomization API at all. */
  readonly fluxInstalled: boolean;
  /** The flux-system GitRepository's fetched revision, when there is one. */
  readonly source?: { readonly url?: string; readonly revision?: string; readonly ready?: string; readonly message?: string };
  /** The app-of-apps Kustomization `flux`. */
  readonly appOfApps?: AppStatus;
  /** Every app of the render: generated ones first, then config/apps.yaml order. */
  readonly apps: readonly AppStatus[];
  /** Kustomizations the app-of-apps applied that the render no longer has (Flux prunes them on the next publish). */
  readonly orphaned: readonly AppStatus[];
  /** Every Flux-managed app of the render exists and is Ready. */
  readonly allReady: boolean;
}

/** Flux labels what a Kustomization applies with the applier's name: these are the app-of-apps' children. */
const APPLIED_BY = 'kustomize.toolkit.fluxcd.io/name';
export const APP_OF_APPS = 'flux';

export interface StatusInput {
  readonly graph: AppGraph;
  readonly context: string;
  readonly server: string;
  /** undefined: the cluster has no Kustomization API. */
  readonly kustomizations: readonly KustomizationObject[] | undefined;
  readonly source?: StatusReport['source'];
  /** Manifests revision → source commit (from --repo). */
  readonly sourceCommits?: ReadonlyMap<string, string>;
}

export function appStatuses(input: StatusInput): StatusReport {
  const live = new Map((input.kustomizations ?? []).map((k) => [k.metadata.name, k]));
  const statuses = new Map<string, AppStatus>();
  const readyNow = (name: string) => {
    const k = live.get(name);
    return k !== undefined && isReady(k);
  };

  const describe = (name: string, dependsOn: readonly string[]): Omit<AppStatus, 'state' | 'rootCause'> & { state?: AppState } => {
    const k = live.get(name);
    if (!k) return { id: name, state: 'missing', suspended: false, blockedBy: dependsOn.filter((d) => !readyNow(d)) };
    const ready = condition(k, 'Ready');
    const dependencies = k.spec?.dependsOn?.map((d) => d.name) ?? dependsOn;
    const revision = k.status?.lastAppliedRevision;
    const commit = revision !== undefined ? input.sourceCommits?.get(revision) : undefined;
    const appliedAt = revision ? k.status?.history?.find((entry) => Object.values(entry.metadata ?? {}).includes(revision))?.firstReconciled : undefined;
    return {
      id: name,
      ready: ready?.status ?? 'Unknown',
      ...(ready?.reason !== undefined && { reason: ready.reason }),
      ...(ready?.message !== undefined && { message: ready.message }),
      suspended: k.spec?.suspend === true,
      ...(revision && { revision }),
      ...(appliedAt !== undefined && { appliedAt }),
      ...(ready?.lastTransitionTime !== undefined && { since: ready.lastTransitionTime }),
      ...(k.status?.inventory?.entries && { inventory: k.status.inventory.entries.length }),
      blockedBy: dependencies.filter((d) => !readyNow(d)),
      ...(commit !== undefined && { sourceCommit: commit }),
    };
  };

  for (const app of input.graph.apps) {
    if (!app.kustomization) {
      statuses.set(app.id, { id: app.id, state: 'manual', suspended: false, blockedBy: [], rootCause: [] });
      continue;
    }
    const base = describe(app.id, app.kustomization.dependsOn);
    statuses.set(app.id, { ...base, state: base.state ?? stateOf(live.get(app.id)!, base.blockedBy), rootCause: [] });
  }
  const rendered = new Set(input.graph.apps.map((app) => app.id));
  const orphaned: AppStatus[] = [];
  for (const k of input.kustomizations ?? []) {
    if (rendered.has(k.metadata.name) || k.metadata.labels?.[APPLIED_BY] !== APP_OF_APPS) continue;
    const base = describe(k.metadata.name, []);
    orphaned.push({ ...base, state: 'orphaned', rootCause: [] });
  }
  const root = live.get(APP_OF_APPS);
  const rootBase = root ? describe(APP_OF_APPS, []) : undefined;
  const appOfApps = rootBase ? { ...rootBase, state: rootBase.state ?? stateOf(root!, []), rootCause: [] } : undefined;

  // Root causes: follow waiting apps down to the first not-Ready ones that wait for nothing.
  const rootCause = (id: string, seen = new Set<string>()): string[] => {
    const status = statuses.get(id);
    if (!status || seen.has(id)) return [];
    seen.add(id);
    if (status.blockedBy.length === 0) return [id];
    return [...new Set(status.blockedBy.flatMap((d) => rootCause(d, seen)))];
  };
  const apps = input.graph.apps.map((app) => {
    const status = statuses.get(app.id)!;
    if (status.blockedBy.length === 0) return status;
    const roots = [...new Set(status.blockedBy.flatMap((d) => rootCause(d)))].filter((d) => !status.blockedBy.includes(d));
    return { ...status, rootCause: roots };
  });
  const allReady = input.kustomizations !== undefined && apps.every((app) => app.state === 'ready' || app.state === 'manual');
  return {
    context: input.context,
    server: input.server,
    fluxInstalled: input.kustomizations !== undefined,
    ...(input.source && { source: input.source }),
    ...(appOfApps && { appOfApps }),
    apps,
    orphaned,
    allReady,
  };
}

function condition(k: KustomizationObject, type: string): Condition | undefined {
  return k.status?.conditions?.find((c) => c.type === type);
}

/**
 * Ready: the condition is True for the current generation, or Flux is merely re-applying what it already applied
 * successfully. Every reconcile sets Ready to Unknown ("Reconciliation in progress") for a moment, even when nothing
 * changed; an app that just deployed fine is not unready for that (what `homelab bootstrap`'s wait also holds).
 */
export function isReady(k: KustomizationObject): boolean {
  const current = k.status?.observedGeneration === undefined || k.metadata.generation === undefined || k.status.observedGeneration >= k.metadata.generation;
  if (!current) return false;
  const ready = condition(k, 'Ready');
  if (ready?.status === 'True') return true;
  return ready?.status === 'Unknown' && routineReconcile(k);
}

/** Reconciling the revision it last applied, whose last reconcile succeeded (Flux's history says so). */
function routineReconcile(k: KustomizationObject): boolean {
  const applied = k.status?.lastAppliedRevision;
  if (!applied || k.status?.lastAttemptedRevision !== applied) return false;
  const entry = k.status.history?.find((e) => Object.values(e.metadata ?? {}).includes(applied));
  return entry?.lastReconciledStatus === 'ReconciliationSucceeded';
}

function stateOf(k: KustomizationObject, blockedBy: readonly string[]): AppState {
  if (isReady(k)) return 'ready';
  const ready = condition(k, 'Ready');
  if (blockedBy.length > 0 || ready?.reason === 'DependencyNotReady') return 'waiting';
  if (ready?.status === 'False') return 'failing';
  return 'progressing';
}
