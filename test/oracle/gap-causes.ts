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

/** Built-in kinds without a ported Validate function (docs/validation-rules.md, "Not checked"), as the API server names them. */
const KINDS_WITHOUT_GO_RULES = new RegExp(
  `^(${['Event', 'EndpointSlice.discovery.k8s.io', 'Lease.coordination.k8s.io', 'CSINode.storage.k8s.io', 'CSIStorageCapacity.storage.k8s.io',
    'VolumeAttachment.storage.k8s.io', 'FlowSchema.flowcontrol.apiserver.k8s.io', 'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io',
    'CertificateSigningRequest.certificates.k8s.io'].map((k) => k.replaceAll('.', '\\.')).join('|')}|\\w+\\.resource\\.k8s\\.io) "[^"]*" is invalid: `,
);

/** What the API server says of a built-in kind its Go validation refuses: `Pod "x" is invalid: …`, `Job.batch "x" is invalid: …`. */
const BUILTIN_INVALID = /^[A-Z]\w*(\.(apps|batch|policy|autoscaling|[a-z0-9.-]*\.k8s\.io))? "[^"]*" is invalid: /;

export const GAP_CAUSES: readonly GapCause[] = [
  {
    name: 'CEL cost budget not estimated',
    direction: 'homelab-accepts',
    reason:
      'apiextensions refuses a CRD whose x-kubernetes-validations rule or messageExpression has an estimated worst-case ' +
      "cost over the budget (cel-go's static cost estimator over maxItems/maxLength/maxProperties); homelab compiles " +
      'and evaluates the rules (cel-js) but has no cost estimator (listed as not implemented in src/validate/crd-definition.ts), ' +
      'so it accepts such CRDs and the cluster refuses them at apply',
    // "estimated rule cost exceeds budget", "estimated messageExpression cost …", "… rule cost total for entire OpenAPIv3 schema exceeds budget"
    matches: (d) => /\bcost\b[^.]*exceeds budget/i.test(d.apiMessage),
  },
  {
    name: 'admission plugin not modelled',
    direction: 'homelab-accepts',
    reason:
      'an admission plugin of the default chain refuses the object after validation ("is forbidden"), from objects of ' +
      'the cluster (RuntimeClass: a Pod overhead without a RuntimeClass that defines one); homelab models no admission ' +
      'that reads cluster objects (docs/validation-rules.md, "Not checked")',
    matches: (d) => /\bis forbidden: /.test(d.apiMessage),
  },
  {
    name: 'kind without ported Go validation',
    direction: 'homelab-accepts',
    reason:
      'the kind has no Validate function ported from the Go code (EndpointSlice, Lease, VolumeAttachment, … listed ' +
      'in docs/validation-rules.md, "Not checked"): homelab checks its schema, OpenAPI enums, list keys, quantities and ' +
      'metadata only, so the ranges, formats and Go-only enums of its fields pass',
    matches: (d) => KINDS_WITHOUT_GO_RULES.test(d.apiMessage),
  },
  {
    name: 'enum only in Go validation',
    direction: 'homelab-accepts',
    reason:
      'the field is a plain string in the Go types (no +enum marker), so the generated OpenAPI carries no enum, and its ' +
      'allowed values live only in a Go validation function homelab has not ported (e.g. pod os.name, resizePolicy, ' +
      'Service trafficDistribution)',
    matches: (d) => BUILTIN_INVALID.test(d.apiMessage) && /: Unsupported value: /.test(d.apiMessage),
  },
  {
    name: 'Go validation rule not ported',
    direction: 'homelab-accepts',
    reason:
      "a rule of the kind's Go validation that is not in homelab's ported table (docs/validation-rules.md, section 2): " +
      'mostly rules of newer or rarer fields (ephemeral containers on create, hostUsers, recursiveReadOnly, Windows pods, ' +
      'scheduling gates, AppArmor profiles, Job pod failure policies); port the rule to src/validate/builtin/ to close it',
    matches: (d) => BUILTIN_INVALID.test(d.apiMessage),
  },
];
