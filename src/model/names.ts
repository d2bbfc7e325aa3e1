// Kubernetes' name rules (apimachinery's validation): DNS-1123 labels and subdomains, DNS-1035 labels, and which
// kinds' names follow which. The one home of these rules: config ids, namespaces and object names all use them.
import { groupOf } from './kube-object.ts';

/** A DNS-1123 label, its 63-character limit included: app ids, namespaces, most Service-like names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** The shape of a DNS-1123 subdomain; its 253-character limit is checked by `isDnsSubdomain`. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1035 label (starts with a letter), its 63-character limit included. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isDnsLabel(name: string): boolean {
  return DNS_LABEL.test(name);
}

export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** A rule for object names, with the words an error uses for it. */
export interface NameRule {
  readonly describe: string;
  test(name: string): boolean;
}

export const SUBDOMAIN_NAME: NameRule = {
  describe: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; at most 253)',
  test: isDnsSubdomain,
};
export const LABEL_NAME: NameRule = {
  describe: 'a DNS-1123 label (lower-case letters, digits and "-"; at most 63)',
  test: isDnsLabel,
};
export const LABEL_1035_NAME: NameRule = {
  describe: 'a DNS-1035 label (lower-case letters, digits and "-", starting with a letter; at most 63)',
  test: (name) => DNS_1035_LABEL.test(name),
};
/** RBAC names are path segments: anything but "/" and "%", and not "." or "..". */
export const PATH_SEGMENT_NAME: NameRule = {
  describe: 'a path segment (no "/" or "%", not "." or "..")',
  test: (name) => !/[/%]/.test(name) && name !== '.' && name !== '..',
};

/** The rule the API server applies to `metadata.name` of a kind. */
export function nameRule(apiVersion: string, kind: string): NameRule {
  const group = groupOf(apiVersion);
  if (group === 'rbac.authorization.k8s.io') return PATH_SEGMENT_NAME;
  if (group === '' && kind === 'Namespace') return LABEL_NAME;
  if (group === '' && kind === 'Service') return LABEL_1035_NAME;
  return SUBDOMAIN_NAME;
}
