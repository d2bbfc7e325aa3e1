// The generated corpus: every entry of every generator, checked for unique ids and unique object identities.
import { admissionEntries } from './admission.ts';
import { apiVersionEntries } from './api-versions.ts';
import { configStorageEntries } from './config-storage.ts';
import { crdEntries, supportCrds } from './crds.ts';
import { customResourceEntries } from './custom-resources.ts';
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';
import { fluxEntries } from './flux.ts';
import { heldOutEntries } from './held-out.ts';
import { metadataEntries } from './metadata.ts';
import { networkingEntries } from './networking.ts';
import { rbacPolicyEntries } from './rbac-policy.ts';
import { workloadEntries } from './workloads.ts';

export { CAUSES, NS, type Cause, type CorpusEntry, type Family, type JsonObject } from './entry.ts';

export interface Corpus {
  readonly entries: readonly CorpusEntry[];
  /** CRDs that custom resources of the corpus need: created (and established) before any entry is judged. */
  readonly supportCrds: readonly JsonObject[];
  /** Namespaces the entries live in: created before any entry is judged. */
  readonly namespaces: readonly string[];
}

export function generatedCorpus(): Corpus {
  const entries = [
    ...workloadEntries(),
    ...networkingEntries(),
    ...configStorageEntries(),
    ...rbacPolicyEntries(),
    ...admissionEntries(),
    ...metadataEntries(),
    ...apiVersionEntries(),
    ...crdEntries(),
    ...customResourceEntries(),
    ...fluxEntries(),
    ...heldOutEntries(),
    // The support CRDs are objects like any other: both judges see them (and the cluster has them for real).
    ...supportCrds().map((crd): CorpusEntry => ({ id: `crd-support/${(crd.metadata as { name: string }).name}`, family: 'crd', cause: 'baseline', valid: true, object: crd })),
  ];
  assertUnique(entries);
  return { entries, supportCrds: supportCrds(), namespaces: [NS] };
}

/** Ids name known gaps, and two entries of one identity would be one object to both judges: neither may repeat. */
export function assertUnique(entries: readonly CorpusEntry[]): void {
  const ids = new Set<string>();
  const identities = new Map<string, string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new Error(`corpus entry id "${entry.id}" is not unique`);
    ids.add(entry.id);
    const identity = identityOf(entry);
    const other = identities.get(identity);
    if (other) throw new Error(`corpus entries "${other}" and "${entry.id}" are the same object ${identity}`);
    identities.set(identity, entry.id);
  }
}

/** group/kind/namespace/name of an entry's object (namespace as written; empty for none). */
export function identityOf(entry: CorpusEntry): string {
  const object = entry.object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const group = typeof object.apiVersion === 'string' && object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${String(object.kind)}/${String(object.metadata?.namespace ?? entry.namespace ?? '')}/${String(object.metadata?.name)}`;
}
