// `homelab status`: the pipeline's render, then its last stage "observe": the render's apps against Flux's
// Kustomizations in the cluster, once or on every change.
import type { AppGraph } from '../graph/model.ts';
import { ClusterUnreachableError, fluxApi, type FluxApi, type KustomizationObject } from '../kube/flux-api.ts';
import { loadKubeconfig } from '../kube/kubeconfig.ts';
import { appStatuses, type AppStatus, type StatusReport } from '../status/app-status.ts';
import { assertManifestsClone, sourceCommits, type ManifestsClone } from '../status/source-commits.ts';
import type { Runtime } from './runtime.ts';
import { renderSourceView, type SourceView } from './source-view.ts';

export interface StatusOptions {
  readonly source: string;
  /** A kubeconfig context; @default the current-context */
  readonly context?: string;
  /** A clone of the manifests repository, to map revisions to source commits. */
  readonly repo?: string;
  /** Per request. @default 10_000 */
  readonly timeoutMs?: number;
}

interface Session {
  readonly graph: AppGraph;
  readonly api: FluxApi;
  readonly context: string;
  readonly server: string;
  readonly clone?: ManifestsClone;
}

/** What reading the cluster needs besides the render. */
export type ClusterOptions = Omit<StatusOptions, 'source'>;

async function open(options: StatusOptions, runtime: Runtime): Promise<Session> {
  const view = await renderSourceView(options.source, runtime);
  return connect(view.graph, view.flux, options, runtime);
}

/** KUBECONFIG and HOME find the kubeconfig as kubectl does; git runs with the runtime's environment. */
async function connect(graph: AppGraph, flux: SourceView['flux'], options: ClusterOptions, runtime: Runtime): Promise<Session> {
  const clone = options.repo === undefined ? undefined : { dir: options.repo, ...flux, env: runtime.env };
  if (clone) await assertManifestsClone(clone);
  const target = loadKubeconfig(runtime.env, options.context);
  const api = fluxApi(target, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  return { graph, api, context: target.context, server: target.server, ...(clone && { clone }) };
}

async function report(session: Session, kustomizations: readonly KustomizationObject[] | undefined): Promise<StatusReport> {
  const repository = kustomizations === undefined ? undefined : await session.api.gitRepository('flux-system');
  const ready = repository?.status?.conditions?.find((c) => c.type === 'Ready');
  const revisions = (kustomizations ?? []).map((k) => k.status?.lastAppliedRevision).filter((r): r is string => Boolean(r));
  const commits = session.clone ? await sourceCommits(session.clone, revisions) : undefined;
  return appStatuses({
    graph: session.graph,
    context: session.context,
    server: session.server,
    kustomizations,
    ...(repository && {
      source: {
        ...(repository.spec?.url !== undefined && { url: repository.spec.url }),
        ...(repository.status?.artifact?.revision !== undefined && { revision: repository.status.artifact.revision }),
        ...(ready && { ready: ready.status, ...(ready.message !== undefined && { message: ready.message }) }),
      },
    }),
    ...(commits && { sourceCommits: commits }),
  });
}

/** One reading of the cluster. Throws ClusterUnreachableError when the API server cannot be reached. */
export async function readStatus(options: StatusOptions, runtime: Runtime): Promise<StatusReport> {
  const session = await open(options, runtime);
  return report(session, (await session.api.kustomizations())?.items);
}

/** One reading of the cluster for a graph already rendered (the report's). */
export async function readClusterStatus(graph: AppGraph, flux: SourceView['flux'], options: ClusterOptions, runtime: Runtime): Promise<StatusReport> {
  const session = await connect(graph, flux, options, runtime);
  return report(session, (await session.api.kustomizations())?.items);
}

export interface WatchOptions extends StatusOptions {
  /** Stops watching. */
  readonly signal: AbortSignal;
  /** Called with the first reading, then whenever an app's state, revision, message or blockers change. */
  readonly onReport: (report: StatusReport) => void;
  /** The cluster went away or came back while watching. */
  readonly onTrouble?: (message: string | undefined) => void;
  /** Wait before reconnecting. @default 2_000 */
  readonly retryMs?: number;
}

/** Re-reads on every Kustomization change until `signal` aborts; returns the last report. */
export async function watchStatus(options: WatchOptions, runtime: Runtime): Promise<StatusReport> {
  const session = await open(options, runtime);
  let first = await session.api.kustomizations();
  let last = await report(session, first?.items);
  options.onReport(last);
  let lastKey = changeKey(last);
  let troubled = false;
  const publish = (next: StatusReport) => {
    last = next;
    const key = changeKey(next);
    if (key === lastKey) return;
    lastKey = key;
    options.onReport(next);
  };

  while (!options.signal.aborted) {
    try {
      const listed = first ?? (await session.api.kustomizations());
      first = undefined;
      if (troubled) options.onTrouble?.(undefined);
      troubled = false;
      if (!listed) {
        // No Kustomization API yet: Flux is being installed, perhaps. Look again later.
        publish(await report(session, undefined));
        await sleep(options.retryMs ?? 2_000, options.signal);
        continue;
      }
      const items = new Map(listed.items.map((k) => [k.metadata.name, k]));
      publish(await report(session, [...items.values()]));
      // Events come in bursts (one reconcile touches a Kustomization several times): re-read once per burst.
      let pending: Promise<void> = Promise.resolve();
      let scheduled = false;
      await session.api.watchKustomizations(listed.resourceVersion, (event) => {
        if (event.type === 'DELETED') items.delete(event.object.metadata.name);
        else items.set(event.object.metadata.name, event.object);
        if (scheduled) return;
        scheduled = true;
        pending = pending.then(async () => {
          await sleep(100, options.signal);
          scheduled = false;
          publish(await report(session, [...items.values()]));
        }).catch(() => undefined);
      }, options.signal);
      await pending;
    } catch (error) {
      if (!(error instanceof ClusterUnreachableError) || options.signal.aborted) throw error;
      if (!troubled) options.onTrouble?.(error.message);
      troubled = true;
      await sleep(options.retryMs ?? 2_000, options.signal);
    }
  }
  return last;
}

/**
 * What counts as a change: not the timestamps, and not what a routine reconcile of a Ready app flips for a moment
 * (Flux's Ready, reason and message): every interval would print the table again for nothing.
 */
function changeKey(report: StatusReport): string {
  const steady = (app: AppStatus) => (app.state === 'ready' ? { ...app, ready: undefined, reason: undefined, message: undefined } : app);
  const key = { ...report, apps: report.apps.map(steady), orphaned: report.orphaned.map(steady), appOfApps: report.appOfApps && steady(report.appOfApps) };
  return JSON.stringify(key, (name, value: unknown) => (name === 'since' || name === 'appliedAt' ? undefined : value));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
