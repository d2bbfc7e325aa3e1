// Reads Flux's view of a test cluster: Kustomizations with their Ready condition, revision and dependsOn.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from '../support/cluster.ts';

export interface KustomizationState {
  readonly name: string;
  readonly ready: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastAppliedRevision: string;
  readonly dependsOn: readonly string[];
  readonly wait: boolean;
}

interface RawKustomization {
  metadata: { name: string };
  spec: { dependsOn?: { name: string }[]; wait?: boolean };
  status?: { lastAppliedRevision?: string; conditions?: { type: string; status: string; reason: string; message: string }[] };
}

/** Every Kustomization in flux-system, from one list call (one consistent snapshot of the apiserver). */
export async function kustomizations(cluster: Cluster): Promise<Map<string, KustomizationState>> {
  const { stdout } = await cluster.kubectl(['get', 'kustomizations.kustomize.toolkit.fluxcd.io', '--namespace=flux-system', '-o', 'json']);
  const items = (JSON.parse(stdout) as { items: RawKustomization[] }).items;
  return new Map(
    items.map((item) => {
      const ready = item.status?.conditions?.find((c) => c.type === 'Ready');
      return [
        item.metadata.name,
        {
          name: item.metadata.name,
          ready: (ready?.status ?? 'Unknown') as KustomizationState['ready'],
          reason: ready?.reason ?? '',
          message: ready?.message ?? '',
          lastAppliedRevision: item.status?.lastAppliedRevision ?? '',
          dependsOn: (item.spec.dependsOn ?? []).map((d) => d.name),
          wait: item.spec.wait ?? false,
        },
      ];
    }),
  );
}

/** Asks Flux to reconcile now, as `flux reconcile` does: the requestedAt annotation. */
export async function requestReconcile(cluster: Cluster, kind: string, name: string): Promise<void> {
  await cluster.kubectl([
    'annotate', '--overwrite', '--namespace=flux-system', `${kind}/${name}`,
    `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`,
  ]);
}

/**
 * Polls until `done(snapshot)` holds; every snapshot is handed to `observe` first (for invariants).
 * On timeout, throws with the last snapshot, naming each Kustomization's Ready state and message.
 */
export async function pollKustomizations(
  cluster: Cluster,
  done: (snapshot: Map<string, KustomizationState>) => boolean,
  options: { timeoutMs: number; observe?: (snapshot: Map<string, KustomizationState>) => void; what: string },
): Promise<Map<string, KustomizationState>> {
  const deadline = Date.now() + options.timeoutMs;
  let last = new Map<string, KustomizationState>();
  for (;;) {
    last = await kustomizations(cluster);
    options.observe?.(last);
    if (done(last)) return last;
    if (Date.now() > deadline) {
      const lines = [...last.values()].map((k) => `  ${k.name}: Ready=${k.ready} ${k.reason} rev=${k.lastAppliedRevision || '-'} ${k.message}`);
      throw new Error(`timed out waiting for ${options.what}:\n${lines.join('\n')}`);
    }
    await sleep(250);
  }
}

/** Every named Kustomization exists, is Ready and has applied `revision`. */
export function allReadyAt(names: readonly string[], revision: string) {
  return (snapshot: Map<string, KustomizationState>): boolean =>
    names.every((name) => {
      const k = snapshot.get(name);
      return k?.ready === 'True' && k.lastAppliedRevision === revision;
    });
}
