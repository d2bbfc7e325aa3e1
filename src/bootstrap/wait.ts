// Waits until Flux reports the `flux` Kustomization and every app Kustomization Ready, with progress and a timeout.
import { HomelabError } from '../errors.ts';
import type { Kube } from './kube.ts';

export interface AppStatus {
  readonly name: string;
  readonly ready: boolean;
  /** Flux's Ready condition: status, reason and message. */
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly revision: string;
}

interface RawKustomization {
  metadata: { name: string };
  status?: { lastAppliedRevision?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface WaitOptions {
  /** Kustomizations that must be Ready (in flux-system): `flux` and every app's. */
  readonly names: readonly string[];
  readonly timeoutMs: number;
  /** Called when a Kustomization turns Ready for the first time. */
  readonly onReady?: (status: AppStatus) => void;
  /** @default 1000 */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export async function waitForKustomizations(kube: Kube, options: WaitOptions): Promise<AppStatus[]> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  // Ready is sticky within one wait: Flux flips a Kustomization to Progressing on every routine
  // reconcile, and one that was Ready has deployed what bootstrap waits for (as `flux bootstrap` sees it).
  const seenReady = new Map<string, AppStatus>();
  for (;;) {
    const statuses = (await readStatuses(kube, options.names)).map((status) => {
      if (status.ready && !seenReady.has(status.name)) {
        seenReady.set(status.name, status);
        options.onReady?.(status);
      }
      return status.ready ? status : seenReady.get(status.name) ?? status;
    });
    if (statuses.every((status) => status.ready)) return statuses;
    if (now() >= deadline) {
      const stuck = statuses.filter((status) => !status.ready);
      throw new HomelabError(
        `failed to see every app Ready within ${Math.round(options.timeoutMs / 1000)}s: ${stuck.length} not Ready:\n` +
          stuck.map((s) => `  ${s.name}: ${s.status === 'Missing' ? 'no such Kustomization yet' : `${s.reason || s.status}: ${s.message || 'no message'}`}`).join('\n'),
      );
    }
    await sleep(options.pollMs ?? 1000);
  }
}

async function readStatuses(kube: Kube, names: readonly string[]): Promise<AppStatus[]> {
  const items = await kube.list<RawKustomization>('kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system');
  const byName = new Map(items.map((item) => [item.metadata.name, item]));
  return names.map((name) => {
    const item = byName.get(name);
    const ready = item?.status?.conditions?.find((c) => c.type === 'Ready');
    return {
      name,
      ready: ready?.status === 'True',
      status: item ? (ready?.status ?? 'Unknown') : 'Missing',
      reason: ready?.reason ?? '',
      message: ready?.message ?? '',
      revision: item?.status?.lastAppliedRevision ?? '',
    };
  });
}

/** `APP  READY  REVISION` with aligned columns. */
export function formatTable(statuses: readonly AppStatus[]): string {
  const rows = [['APP', 'READY', 'REVISION'], ...statuses.map((s) => [s.name, s.ready ? 'True' : s.status, s.revision || '-'])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`).join('\n');
}
