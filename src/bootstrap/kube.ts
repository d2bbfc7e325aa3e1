// kubectl against one kube context: reads of Flux objects and server-side apply, with errors that name the context.
import { HomelabError } from '../errors.ts';
import { run, type RunResult } from '../process/run.ts';
import type { Tool } from '../tools/find-tool.ts';

export interface Kube {
  /** The context every call uses (`--context`), or the kubeconfig's current one. */
  readonly context: string;
  readonly server: string;
  /** The object as JSON, or undefined when it does not exist. */
  get<T>(kind: string, name: string, namespace: string): Promise<T | undefined>;
  /** Every object of a kind in a namespace (none when the kind is unknown to the cluster). */
  list<T>(kind: string, namespace: string): Promise<T[]>;
  /** `kubectl apply --server-side` of a YAML stream. */
  applyServerSide(manifests: string): Promise<string>;
  /** The argv of a kubectl call, for --dry-run output. */
  argv(args: readonly string[]): string[];
}

const REQUEST_TIMEOUT = '--request-timeout=15s';

/** Resolves the context (and its server) and checks that the apiserver answers. */
export async function connect(kubectl: Tool, options: { context?: string; env: NodeJS.ProcessEnv }): Promise<Kube> {
  const base = options.context ? ['--context', options.context] : [];
  const call = (args: readonly string[], input?: string): Promise<RunResult> =>
    run(kubectl.path, [...base, ...args], { env: options.env, ...(input !== undefined && { input }) });

  const current = await call(['config', 'view', '--minify', '-o', 'json']);
  if (current.code !== 0) {
    throw new HomelabError(`failed to read the kube context${options.context ? ` "${options.context}"` : ''}: ${current.stderr.trim()} (check KUBECONFIG, or pass --context NAME)`);
  }
  const view = JSON.parse(current.stdout) as { 'current-context'?: string; clusters?: { cluster: { server: string } }[] };
  const context = options.context ?? view['current-context'] ?? '';
  const server = view.clusters?.[0]?.cluster.server ?? '';
  if (!context) throw new HomelabError('failed to pick a kube context: the kubeconfig has no current context; pass --context NAME');

  const reach = await call([REQUEST_TIMEOUT, 'get', '--raw', '/version']);
  if (reach.code !== 0) {
    throw new HomelabError(`failed to reach the cluster of context "${context}" at "${server}": ${lastLine(reach.stderr)}`);
  }

  const failed = (what: string, result: RunResult) => new HomelabError(`failed to ${what} in context "${context}": ${lastLine(result.stderr)}`);
  return {
    context,
    server,
    async get<T>(kind: string, name: string, namespace: string): Promise<T | undefined> {
      const result = await call([REQUEST_TIMEOUT, 'get', kind, name, '--namespace', namespace, '--ignore-not-found', '-o', 'json']);
      if (result.code !== 0) {
        if (/the server doesn't have a resource type/.test(result.stderr)) return undefined;
        throw failed(`read ${kind} "${namespace}/${name}"`, result);
      }
      return result.stdout.trim() ? (JSON.parse(result.stdout) as T) : undefined;
    },
    async list<T>(kind: string, namespace: string): Promise<T[]> {
      const result = await call([REQUEST_TIMEOUT, 'get', kind, '--namespace', namespace, '-o', 'json']);
      if (result.code !== 0) {
        if (/the server doesn't have a resource type/.test(result.stderr)) return [];
        throw failed(`list ${kind} in "${namespace}"`, result);
      }
      return (JSON.parse(result.stdout) as { items: T[] }).items;
    },
    async applyServerSide(manifests: string): Promise<string> {
      const result = await call(applyArgs(), manifests);
      if (result.code !== 0) throw failed('apply the flux-bootstrap manifests', result);
      return result.stdout;
    },
    argv: (args) => [kubectl.path, ...base, ...args],
  };
}

export function applyArgs(): string[] {
  return [REQUEST_TIMEOUT, 'apply', '--server-side', '--field-manager=homelab', '-f', '-'];
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines[lines.length - 1] ?? 'no output';
}
