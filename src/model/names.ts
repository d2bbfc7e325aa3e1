// Kubernetes' name shapes (apimachinery's validation) for config ids and namespaces. Which rule an object's
// `metadata.name` follows per kind, with the API server's messages, is src/validate/builtin/names.ts.

/** A DNS-1123 label, its 63-character limit included: app ids, namespaces, most Service-like names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** The shape of a DNS-1123 subdomain; its 253-character limit is checked by `isDnsSubdomain`. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(name: string): boolean {
  return DNS_LABEL.test(name);
}

export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}
