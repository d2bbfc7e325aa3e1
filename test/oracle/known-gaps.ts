// Where homelab's validation and the real kube-apiserver still disagree, each with the reason. test/oracle/oracle.test.ts
// asserts that the oracle's disagreements are exactly these: fix a gap, then delete its line (the test says which).
import type { Direction } from './compare.ts';

export interface KnownGap {
  /** The corpus entry id (test/oracle/corpus/…, or `chart/<chart>/<Kind>/[<namespace>/]<name>`). */
  readonly id: string;
  /** `homelab-rejects`: homelab refuses what the API server accepts; `homelab-accepts`: homelab lets through what it refuses. */
  readonly direction: Direction;
  /** One line: why homelab disagrees, e.g. "not implemented yet: issue 11 item 2". */
  readonly reason: string;
}

export const KNOWN_GAPS: readonly KnownGap[] = [];
