// Reads Flux's objects from the cluster with @kubernetes/client-node: Kustomizations (list and watch) and a GitRepository.
import { ApiException, CustomObjectsApi, Observable, Watch, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { HomelabError, messageOf } from '../errors.ts';
import type { GitRepositoryObject, KustomizationObject } from './flux-objects.ts';
import type { KubeTarget } from './kubeconfig.ts';

export type { GitRepositoryObject, KustomizationObject } from './flux-objects.ts';

export const FLUX_NAMESPACE = 'flux-system';
const KUSTOMIZATIONS = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' } as const;
const GIT_REPOSITORIES = { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories' } as const;

export type WatchEvent = { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KustomizationObject };

/** The API server could not be reached (connection refused, DNS, TLS, timeout): nothing was read. */
export class ClusterUnreachableError extends HomelabError {
  override readonly name = 'ClusterUnreachableError';
}

export interface FluxApi {
  /** Every Kustomization in flux-system; undefined when the cluster has no Kustomization API (Flux not installed). */
  kustomizations(): Promise<{ readonly items: readonly KustomizationObject[]; readonly resourceVersion: string } | undefined>;
  /** A GitRepository in flux-system, or undefined when it (or its API) does not exist. */
  gitRepository(name: string): Promise<GitRepositoryObject | undefined>;
  /** Streams Kustomization changes after `resourceVersion` until the server ends the watch or `signal` aborts. */
  watchKustomizations(resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}

export interface FluxApiOptions {
  /** How long one request may take before the cluster counts as unreachable. @default 10_000 */
  readonly timeoutMs?: number;
}

export function fluxApi(target: KubeTarget, options: FluxApiOptions = {}): FluxApi {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const api = target.config.makeApiClient(CustomObjectsApi);
  const where = `context "${target.context}" (${target.server})`;
  // Every request gets a deadline: an address that drops packets must not hang the command.
  const withDeadline = () => ({
    middleware: [{
      pre: (context: RequestContext) => {
        context.setSignal(AbortSignal.timeout(timeoutMs));
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
    }],
    middlewareMergeStrategy: 'append' as const,
  });
  const failure = (what: string, error: unknown): Error => {
    if (error instanceof ApiException) {
      const status = (error.body as { message?: string } | undefined)?.message ?? String(error.body ?? '').slice(0, 200);
      return new HomelabError(`failed to ${what} in ${where}: the API server answered ${error.code}${status ? `: ${status}` : ''}`, { cause: error });
    }
    const name = (error as { name?: string }).name;
    // node-fetch says "request to <url> failed, reason: connect ECONNREFUSED …": the reason is the news.
    const reason = name === 'AbortError' || name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : messageOf(error).replace(/^request to \S+ failed, reason: /, '');
    return new ClusterUnreachableError(`cannot reach the cluster of ${where}: ${reason}`, { cause: error });
  };
  const notFound = (error: unknown) => error instanceof ApiException && error.code === 404;

  return {
    async kustomizations() {
      try {
        const list = (await api.listNamespacedCustomObject({ ...KUSTOMIZATIONS, namespace: FLUX_NAMESPACE }, withDeadline())) as {
          items: KustomizationObject[];
          metadata?: { resourceVersion?: string };
        };
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      } catch (error) {
        if (notFound(error)) return undefined;
        throw failure('list Flux Kustomizations', error);
      }
    },
    async gitRepository(name) {
      try {
        return (await api.getNamespacedCustomObject({ ...GIT_REPOSITORIES, namespace: FLUX_NAMESPACE, name }, withDeadline())) as GitRepositoryObject;
      } catch (error) {
        if (notFound(error)) return undefined;
        throw failure(`read GitRepository "${name}"`, error);
      }
    },
    async watchKustomizations(resourceVersion, onEvent, signal) {
      const watch = new Watch(target.config);
      const path = `/apis/${KUSTOMIZATIONS.group}/${KUSTOMIZATIONS.version}/namespaces/${FLUX_NAMESPACE}/${KUSTOMIZATIONS.plural}`;
      await new Promise<void>((resolve, reject) => {
        let request: AbortController | undefined;
        const stop = () => request?.abort();
        signal.addEventListener('abort', stop, { once: true });
        const finish = (error: unknown) => {
          signal.removeEventListener('abort', stop);
          if (error && !signal.aborted) reject(failure('watch Flux Kustomizations', error));
          else resolve();
        };
        watch
          .watch(path, { resourceVersion, allowWatchBookmarks: true }, (type, object) => {
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') onEvent({ type, object: object as KustomizationObject });
          }, finish)
          .then((controller) => {
            request = controller;
            if (signal.aborted) controller.abort();
          }, finish);
      });
    },
  };
}
