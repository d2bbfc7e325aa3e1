// Merges kubeconfig files as kubectl does (KUBECONFIG list, else ~/.kube/config) and picks the context.
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { HomelabError, messageOf } from '../errors.ts';
import { kubeconfigFiles, NoKubeconfigError, type KubeEnvironment } from './kubeconfig-files.ts';

/** A kubeconfig with its context chosen, ready for API clients. */
export interface KubeTarget {
  readonly config: KubeConfig;
  readonly context: string;
  /** The API server URL of that context's cluster. */
  readonly server: string;
}

/**
 * Merges the files as kubectl does: missing files are skipped, the first file to define a cluster, user or
 * context name wins, and the first non-empty current-context is the default. `context` overrides that default.
 */
export function loadKubeconfig(env: KubeEnvironment, context?: string): KubeTarget {
  const files = kubeconfigFiles(env);
  const existing = files.filter((file) => existsSync(file));
  if (existing.length === 0) {
    const where = env.KUBECONFIG ? `KUBECONFIG (${files.map((f) => `"${f}"`).join(', ') || 'empty'})` : `"${files[0] ?? '~/.kube/config'}"`;
    throw new NoKubeconfigError(`no kubeconfig found: nothing at ${where}; set KUBECONFIG or create ~/.kube/config`);
  }
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let currentContext = '';
  for (const file of existing) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(file); // also resolves relative certificate paths against the file's directory
    } catch (error) {
      throw new HomelabError(`failed to read kubeconfig "${file}": ${messageOf(error)}`, { cause: error });
    }
    const addNew = <T extends { name: string }>(into: T[], items: readonly T[] | undefined) => {
      for (const item of items ?? []) if (!into.some((known) => known.name === item.name)) into.push(item);
    };
    addNew(clusters, one.clusters);
    addNew(users, one.users);
    addNew(contexts, one.contexts);
    currentContext ||= one.currentContext ?? '';
  }

  const named = context ?? currentContext;
  const list = contexts.map((c) => c.name).join(', ') || 'none';
  const fileList = existing.map((f) => `"${f}"`).join(', ');
  if (!named) throw new HomelabError(`the kubeconfig (${fileList}) has no current-context: pass --context NAME (contexts: ${list})`);
  const chosen = contexts.find((c) => c.name === named);
  if (!chosen) {
    throw new HomelabError(`context "${named}" is not in the kubeconfig (${fileList})${context === undefined ? ' (it is the current-context)' : ''}; contexts: ${list}`);
  }
  const cluster = clusters.find((c) => c.name === chosen.cluster);
  if (!cluster) throw new HomelabError(`context "${named}" names cluster "${chosen.cluster}", which the kubeconfig (${fileList}) does not define`);
  if (chosen.user && !users.some((u) => u.name === chosen.user)) {
    throw new HomelabError(`context "${named}" names user "${chosen.user}", which the kubeconfig (${fileList}) does not define`);
  }
  const config = new KubeConfig();
  config.loadFromOptions({ clusters, users, contexts, currentContext: named });
  return { config, context: named, server: cluster.server };
}
