// Why homelab's validation and kube-apiserver may still disagree: each known cause with its reason, and how to recognise it.
// Written by hand and reviewed; `npm run oracle -- --write-gaps` files every disagreement under the first cause that
// matches it (test/oracle/known-gaps.ts). A disagreement no cause matches is listed as `unexplained`, which fails the test.
import type { Direction, Disagreement } from './compare.ts';

export interface GapCause {
  /** Short and stable: the key known-gaps.ts files entries under. */
  readonly name: string;
  /** Which way homelab is wrong: it lets through what the API server refuses, or refuses what it accepts. */
  readonly direction: Direction;
  /** Why homelab does not (yet) judge these as the API server does, and what closing the gap would take. */
  readonly reason: string;
  /** Whether a disagreement has this cause: by the API server's words (pinned: kube-apiserver 1.34) and the entry. */
  readonly matches: (disagreement: Disagreement) => boolean;
}

/** The name under which --write-gaps files disagreements that match no cause: the test refuses it. */
export const UNEXPLAINED = 'unexplained';

export const GAP_CAUSES: readonly GapCause[] = [
  {
    name: 'CEL cost budget not estimated',
    direction: 'homelab-accepts',
    reason:
      'apiextensions refuses a CRD whose x-kubernetes-validations rule or messageExpression has an estimated worst-case ' +
      'cost over the budget (cel-go\'s static cost estimator over maxItems/maxLength/maxProperties); homelab compiles ' +
      'and evaluates the rules (cel-js) but has no cost estimator (listed as not implemented in src/validate/crd-definition.ts), ' +
      'so it accepts such CRDs and the cluster refuses them at apply',
    // "estimated rule cost exceeds budget", "estimated messageExpression cost …", "… rule cost total for entire OpenAPIv3 schema exceeds budget"
    matches: (d) => /\bcost\b[^.]*exceeds budget/i.test(d.apiMessage),
  },
];
