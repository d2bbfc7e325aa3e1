// SOPS-encrypted objects carry a top-level `sops` block; Flux decrypts them when their Kustomization says how.
import type { KubeObject } from '../model/kube-object.ts';

export function isSopsEncrypted(object: KubeObject): boolean {
  const sops = object.sops;
  return typeof sops === 'object' && sops !== null && !Array.isArray(sops);
}
