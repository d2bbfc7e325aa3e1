// Two manifests trees, per app and per object: added, removed, changed, each with a unified diff of the normalized YAML.
import { structuredPatch } from 'diff';
import { isDeepStrictEqual } from 'node:util';
import { describeObject, objectKey, type KubeObject } from '../model/kube-object.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';
import { toYaml } from '../render/serialize.ts';
import { maskSecretPair } from './mask-secrets.ts';
import { applyFilters, type NoiseFilter } from './noise-filters.ts';
import type { ManifestTree } from '../model/tree.ts';

export type Change = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  readonly change: Change;
  /** `Deployment/blog/blog`. */
  readonly object: string;
  /** The file in the new tree (the old one for removed objects), e.g. `blog/29-deployment-blog.yaml`. */
  readonly file: string;
  /** Unified diff of the object's YAML, noise filtered and Secret values masked. */
  readonly diff: string;
}

export interface AppDiff {
  readonly id: string;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly objects: readonly ObjectChange[];
}

export interface TreeDiff {
  /** Apps with at least one change, by id. */
  readonly apps: readonly AppDiff[];
  /** Objects whose only differences were filtered out as noise. */
  readonly filtered: number;
}

interface Entry {
  readonly file: string;
  readonly object: KubeObject;
}

export function diffTrees(previous: ManifestTree, current: ManifestTree, filters: readonly NoiseFilter[]): TreeDiff {
  const apps = [...new Set([...previous.keys(), ...current.keys()].map(appOf))].sort();
  const result: AppDiff[] = [];
  let filtered = 0;
  for (const app of apps) {
    // Identical files at identical paths are the same object: skip parsing them (most of a large tree).
    const same = (file: string) => previous.get(file) === current.get(file);
    const before = entries(previous, app, same);
    const after = entries(current, app, same);
    const objects: ObjectChange[] = [];
    for (const [key, next] of after) {
      const old = before.get(key);
      if (!old) {
        objects.push(change('added', undefined, next, filters));
        continue;
      }
      const [a, b] = [applyFilters(old.object, filters), applyFilters(next.object, filters)];
      if (isDeepStrictEqual(a, b)) {
        if (!isDeepStrictEqual(old.object, next.object)) filtered++;
        continue;
      }
      objects.push(change('changed', old, next, filters));
    }
    for (const [key, old] of before) if (!after.has(key)) objects.push(change('removed', old, undefined, filters));
    if (objects.length === 0) continue;
    objects.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    const count = (kind: Change) => objects.filter((o) => o.change === kind).length;
    result.push({ id: app, added: count('added'), changed: count('changed'), removed: count('removed'), objects });
  }
  return { apps: result, filtered };
}

function appOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}

/** The app's objects that may differ, keyed by identity (a file that is not one object is keyed by its path). */
function entries(tree: ManifestTree, app: string, same: (file: string) => boolean): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const [file, text] of tree) {
    if (appOf(file) !== app || same(file)) continue;
    let object: KubeObject;
    try {
      // Read as kubectl reads it; a file that is not exactly one document is compared as text.
      const { documents } = readKubeYaml(text, file);
      object = (documents.length === 1 ? documents[0] : { apiVersion: '', kind: 'File', metadata: { name: file }, text }) as KubeObject;
    } catch {
      object = { apiVersion: '', kind: 'File', metadata: { name: file }, text } as KubeObject;
    }
    const identified = object && typeof object === 'object' && typeof object.kind === 'string' && object.metadata && typeof object.metadata === 'object';
    if (!identified) object = { apiVersion: '', kind: 'File', metadata: { name: file }, content: object } as KubeObject;
    const key = identified ? objectKey(object) : `file:${file}`;
    map.set(map.has(key) ? `${key}#${file}` : key, { file, object });
  }
  return map;
}

function change(kind: Change, old: Entry | undefined, next: Entry | undefined, filters: readonly NoiseFilter[]): ObjectChange {
  const [a, b] = maskSecretPair(old && applyFilters(old.object, filters), next && applyFilters(next.object, filters));
  const subject = (next ?? old)!;
  return {
    change: kind,
    object: describeObject(subject.object),
    file: subject.file,
    diff: unifiedDiff(old?.file, next?.file, a ? toYaml(a) : '', b ? toYaml(b) : ''),
  };
}

function unifiedDiff(oldFile: string | undefined, newFile: string | undefined, before: string, after: string): string {
  const patch = structuredPatch(oldFile ? `a/${oldFile}` : '/dev/null', newFile ? `b/${newFile}` : '/dev/null', before, after, undefined, undefined, { context: 3 });
  const lines = [`--- ${patch.oldFileName}`, `+++ ${patch.newFileName}`];
  for (const hunk of patch.hunks) {
    // Like diff(1) and git: an empty side starts at line 0.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}
