// RBAC objects as k8s.io/kubernetes pkg/apis/rbac/validation/validation.go checks them on create (ValidateRole,
// ValidateClusterRole, ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding, ValidateRoleBindingSubject),
// after pkg/apis/rbac/v1/defaults.go (roleRef.apiGroup and User/Group subjects' apiGroup default to rbac's group).
import { EMPTY, FieldErrors, arr, child, index, obj, str, type Obj } from './field-errors.ts';
import { isDNS1123Subdomain, isValidPathSegmentName } from './formats.ts';
import { validateLabelSelector } from './metadata.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function validateRole(object: Obj, errors: FieldErrors): void {
  validateRules(object.rules, true, errors);
}

export function validateClusterRole(object: Obj, errors: FieldErrors): void {
  validateRules(object.rules, false, errors);
  const aggregation = obj(object.aggregationRule);
  if (!aggregation) return;
  const selectors = arr(aggregation.clusterRoleSelectors);
  if (selectors.length === 0) errors.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil');
  selectors.forEach((selector, i) => validateLabelSelector(selector, index('aggregationRule.clusterRoleSelectors', i), errors));
}

function validateRules(rules: unknown, namespaced: boolean, errors: FieldErrors): void {
  arr(rules).forEach((item, i) => {
    const rule = obj(item) ?? EMPTY;
    const path = index('rules', i);
    if (arr(rule.verbs).length === 0) errors.required(child(path, 'verbs'), 'verbs must contain at least one value');
    const urls = arr(rule.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced) errors.invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs');
      if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
        errors.invalid(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs');
      }
      return;
    }
    if (arr(rule.apiGroups).length === 0) errors.required(child(path, 'apiGroups'), 'resource rules must supply at least one api group');
    if (arr(rule.resources).length === 0) errors.required(child(path, 'resources'), 'resource rules must supply at least one resource');
  });
}

export function validateRoleBinding(object: Obj, errors: FieldErrors): void {
  validateBinding(object, true, errors);
}

export function validateClusterRoleBinding(object: Obj, errors: FieldErrors): void {
  validateBinding(object, false, errors);
}

function validateBinding(object: Obj, namespaced: boolean, errors: FieldErrors): void {
  const roleRef = obj(object.roleRef) ?? EMPTY;
  const apiGroup = str(roleRef.apiGroup) || RBAC_GROUP;
  if (apiGroup !== RBAC_GROUP) errors.notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]);
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(roleRef.kind))) errors.notSupported('roleRef.kind', str(roleRef.kind), kinds);
  const name = str(roleRef.name);
  if (!name) errors.required('roleRef.name', '');
  else errors.invalidEach('roleRef.name', name, isValidPathSegmentName(name));
  arr(object.subjects).forEach((item, i) => {
    const subject = obj(item) ?? EMPTY;
    const path = index('subjects', i);
    const subjectName = str(subject.name);
    if (!subjectName) errors.required(child(path, 'name'), '');
    const kind = str(subject.kind);
    if (kind === 'ServiceAccount') {
      if (subjectName) errors.invalidEach(child(path, 'name'), subjectName, isDNS1123Subdomain(subjectName));
      if (str(subject.apiGroup)) errors.notSupported(child(path, 'apiGroup'), subject.apiGroup, ['']);
      if (!namespaced && !str(subject.namespace)) errors.required(child(path, 'namespace'), '');
    } else if (kind === 'User' || kind === 'Group') {
      const group = str(subject.apiGroup) || RBAC_GROUP;
      if (group !== RBAC_GROUP) errors.notSupported(child(path, 'apiGroup'), group, [RBAC_GROUP]);
    } else {
      errors.notSupported(child(path, 'kind'), kind, ['ServiceAccount', 'User', 'Group']);
    }
  });
}
