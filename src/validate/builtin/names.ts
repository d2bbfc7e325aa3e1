// The name rule of each kind: the ValidateNameFunc its Validate* function passes to ValidateObjectMeta in
// k8s.io/kubernetes pkg/apis/<group>/validation (ValidateStatefulSetName, ValidateServiceName, ValidateRBACName, ...).
// Kinds whose Validate does not check the name get only the path-segment rule of rest.BeforeCreate
// (k8s.io/apiserver pkg/registry/rest/create.go), e.g. PodDisruptionBudget.
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameValidator,
} from './formats.ts';

/** `group/Kind` → its name rule; kinds not listed (custom resources) are DNS subdomains. */
const NAME_RULES: Readonly<Record<string, NameValidator>> = {
  '/Namespace': nameIsDNSLabel,
  '/Service': nameIsDNS1035Label,
  'apps/StatefulSet': nameIsDNSLabel,
  'policy/PodDisruptionBudget': nameIsPathSegment,
  'rbac.authorization.k8s.io/Role': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRole': nameIsPathSegment,
  'rbac.authorization.k8s.io/RoleBinding': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': nameIsPathSegment,
  'certificates.k8s.io/CertificateSigningRequest': nameIsPathSegment,
  // kube-aggregator ValidateAPIService: a path segment, then "<version>.<group>" (checked in apiregistration.ts).
  'apiregistration.k8s.io/APIService': nameIsPathSegment,
};

/** The name rule of a kind in a Kubernetes minor (Service names are DNS labels from 1.36, RelaxedServiceNameValidation). */
export function nameValidator(group: string, kind: string, minor: number): NameValidator {
  if (group === '' && kind === 'Service' && minor >= 36) return nameIsDNSLabel;
  // Only a handful of kinds have a rule of their own: look the pair up only for those.
  return KINDS_WITH_RULES.has(kind) ? (NAME_RULES[`${group}/${kind}`] ?? nameIsDNSSubdomain) : nameIsDNSSubdomain;
}

const KINDS_WITH_RULES = new Set(Object.keys(NAME_RULES).map((key) => key.slice(key.indexOf('/') + 1)));
