// Where homelab's validation and kube-apiserver 1.34 still disagree, by cause. Written by `npm run oracle -- --write-gaps`:
// do not edit by hand. The causes, with their reasons and how each is recognised, are in test/oracle/gap-causes.ts.
// test/oracle/oracle.test.ts fails on a disagreement not listed here, on a listed entry that agrees now, and on `unexplained`.
import type { KnownGapGroup } from './gaps.ts';

export const KNOWN_GAPS: readonly KnownGapGroup[] = [
  {
    // 2 entries: apiextensions refuses a CRD whose x-kubernetes-validations rule or messageExpression has an estimated
    // worst-case cost over the budget (cel-go's static cost estimator over maxItems/maxLength/maxProperties); homelab
    // compiles and evaluates the rules (cel-js) but has no cost estimator (listed as not implemented in
    // src/validate/crd-definition.ts), so it accepts such CRDs and the cluster refuses them at apply
    cause: 'CEL cost budget not estimated',
    direction: 'homelab-accepts',
    ids: [
      'crd/cel-message-cost-unbounded',
      'crd/cel-too-costly',
    ],
  },
  {
    // 1 entry: an admission plugin of the default chain refuses the object after validation ("is forbidden"), from
    // objects of the cluster (RuntimeClass: a Pod overhead without a RuntimeClass that defines one); homelab models no
    // admission that reads cluster objects (docs/validation-rules.md, "Not checked")
    cause: 'admission plugin not modelled',
    direction: 'homelab-accepts',
    ids: [
      'ho-pod/overhead-without-runtime-class',
    ],
  },
  {
    // 3 entries: the kind has no Validate function ported from the Go code (EndpointSlice, Lease, VolumeAttachment, …
    // listed in docs/validation-rules.md, "Not checked"): homelab checks its schema, OpenAPI enums, list keys,
    // quantities and metadata only, so the ranges, formats and Go-only enums of its fields pass
    cause: 'kind without ported Go validation',
    direction: 'homelab-accepts',
    ids: [
      'ho-eps/address-not-an-ip',
      'ho-lease/duration-zero',
      'ho-lease/transitions-negative',
    ],
  },
  {
    // 4 entries: the field is a plain string in the Go types (no +enum marker), so the generated OpenAPI carries no
    // enum, and its allowed values live only in a Go validation function homelab has not ported (e.g. pod os.name,
    // resizePolicy, Service trafficDistribution)
    cause: 'enum only in Go validation',
    direction: 'homelab-accepts',
    ids: [
      'ho-pod/os-unknown',
      'ho-pod/resize-policy-storage',
      'ho-pod/resize-policy-unknown',
      'ho-svc/traffic-distribution-unknown',
    ],
  },
  {
    // 7 entries: a rule of the kind's Go validation that is not in homelab's ported table (docs/validation-rules.md,
    // section 2): mostly rules of newer or rarer fields (ephemeral containers on create, hostUsers, recursiveReadOnly,
    // Windows pods, scheduling gates, AppArmor profiles, Job pod failure policies); port the rule to
    // src/validate/builtin/ to close it
    cause: 'Go validation rule not ported',
    direction: 'homelab-accepts',
    ids: [
      'ho-job/exit-code-in-zero',
      'ho-pod/apparmor-localhost-without-profile',
      'ho-pod/ephemeral-container-on-create',
      'ho-pod/host-users-with-host-network',
      'ho-pod/recursive-read-only-not-read-only',
      'ho-pod/scheduling-gate-invalid',
      'ho-pod/windows-with-fsgroup',
    ],
  },
];
