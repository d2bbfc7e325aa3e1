// Namespaces a cluster has without any app creating them.

/** Namespaces every cluster has: Kubernetes' own, and the one `flux bootstrap` creates. */
export const CLUSTER_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system'];
