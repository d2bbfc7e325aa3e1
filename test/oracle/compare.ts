// Compares the two judges object by object: agreement, the two directions of disagreement, and policy exclusions.
import type { ApiVerdict } from './api-server.ts';
import type { Cause, CorpusEntry, Family } from './corpus/index.ts';
import type { HomelabVerdict } from './homelab-adapter.ts';

/** `homelab-rejects`: homelab refuses what the API server accepts (a false rejection); `homelab-accepts`: the reverse. */
export type Direction = 'homelab-rejects' | 'homelab-accepts';

export interface Judged {
  readonly entry: CorpusEntry;
  readonly api: ApiVerdict;
  readonly homelab: HomelabVerdict;
  readonly outcome: 'agree' | 'policy' | Direction;
}

export interface Disagreement {
  readonly id: string;
  readonly cause: Cause;
  readonly family: Family;
  readonly direction: Direction;
  readonly apiMessage: string;
  readonly homelabMessage: string;
}

export function judge(entry: CorpusEntry, api: ApiVerdict, homelab: HomelabVerdict): Judged {
  let outcome: Judged['outcome'] = 'agree';
  if (api.accepted && !homelab.accepted) outcome = homelab.policyOnly ? 'policy' : 'homelab-rejects';
  else if (!api.accepted && homelab.accepted) outcome = 'homelab-accepts';
  return { entry, api, homelab, outcome };
}

export function disagreements(judged: readonly Judged[]): Disagreement[] {
  return judged
    .filter((j): j is Judged & { outcome: Direction } => j.outcome === 'homelab-rejects' || j.outcome === 'homelab-accepts')
    .map(({ entry, api, homelab, outcome }) => ({
      id: entry.id, cause: entry.cause, family: entry.family, direction: outcome,
      apiMessage: oneLine(api.message) || 'accepted',
      homelabMessage: homelab.problems.map(oneLine).join(' | ') || 'accepted',
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
