// No plaintext Secret is ever written or published: Secrets with data must be SOPS-encrypted, and Flux must be able to decrypt them.
import type { HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import { groupOf } from '../model/kube-object.ts';
import { isSopsEncrypted } from '../render/sops.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

const ENCRYPTED = /^ENC\[[A-Z0-9_]+,data:/;

export function secretProblems(objects: readonly RenderedObject[], config: HomelabConfig): Problem[] {
  const fluxApps = new Set(config.apps.filter((app) => app.flux !== false).map((app) => app.id));
  const problems: Problem[] = [];
  for (const at of objects) {
    const { object } = at;
    if (object.kind !== 'Secret' || groupOf(object.apiVersion) !== '') continue;
    const fields = (['data', 'stringData'] as const).filter((field) => hasEntries(object[field]));
    if (fields.length === 0) continue;
    if (!isSopsEncrypted(object)) {
      problems.push(objectProblem(at, fields[0], 'plaintext Secret: encrypt it with SOPS (`sops --encrypt --encrypted-regex \'^(data|stringData)$\' --in-place FILE`) or create it outside the manifests repository'));
      continue;
    }
    const suffix = (object.sops as { unencrypted_suffix?: unknown }).unencrypted_suffix;
    for (const field of fields) {
      for (const [key, value] of Object.entries(object[field] as Record<string, unknown>)) {
        if (typeof suffix === 'string' && key.endsWith(suffix)) continue;
        if (typeof value !== 'string' || !ENCRYPTED.test(value)) {
          problems.push(objectProblem(at, `${field}[${JSON.stringify(key)}]`, 'value is not encrypted although the Secret has a sops block: encrypt the file again with sops'));
        }
      }
    }
    if (fluxApps.has(at.app) && !config.flux.sops) {
      problems.push(objectProblem(at, 'sops', 'Flux cannot decrypt this Secret: name the Secret that holds the SOPS key in config/flux.yaml, e.g. `sops: { secretRef: sops-age }`'));
    }
  }
  return problems;
}

function hasEntries(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
