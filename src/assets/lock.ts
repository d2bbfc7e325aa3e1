// assets/lock.yaml: what was vendored, from where, and its sha256 and size. No timestamps, so it is deterministic.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { YamlFile } from '../config/yaml-file.ts';
import { zodProblems } from '../config/zod-problems.ts';
import { emitYaml } from '../render/yaml-emitter.ts';

export const LOCK_FILE = 'assets/lock.yaml';

const entrySchema = z.strictObject({
  /** Chart repository, registry or URL the file came from. */
  source: z.string(),
  chart: z.string().optional(),
  version: z.string().optional(),
  /** For extracted files (chart CRDs): the archive they came from. */
  extractedFrom: z.string().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
});

const lockSchema = z.strictObject({
  apiVersion: z.literal('v1alpha1'),
  kind: z.literal('HomelabAssetsLock'),
  /** template name → file name under assets/<template>/ → entry */
  templates: z.record(z.string(), z.record(z.string(), entrySchema)).default({}),
});

export type LockEntry = z.infer<typeof entrySchema>;
export type AssetsLock = Readonly<Record<string, Readonly<Record<string, LockEntry>>>>;

/** Reads the lock; a missing file is an empty lock. */
export async function readLock(sourceDir: string): Promise<AssetsLock> {
  let text: Buffer;
  try {
    // Bytes, so that invalid UTF-8 is an error rather than U+FFFD (YamlFile.parse checks).
    text = await readFile(path.join(sourceDir, LOCK_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const file = YamlFile.parse(LOCK_FILE, text);
  const parsed = lockSchema.safeParse(file.data);
  if (!parsed.success) throw new ConfigError(zodProblems(parsed.error, file, lockSchema, file.data));
  return parsed.data.templates;
}

/** The lock's text: templates and files sorted, so equal locks are equal bytes. */
export function formatLock(lock: AssetsLock): string {
  const templates: Record<string, Record<string, LockEntry>> = {};
  for (const template of Object.keys(lock).sort()) {
    const files = lock[template]!;
    if (Object.keys(files).length === 0) continue;
    templates[template] = {};
    for (const file of Object.keys(files).sort()) {
      const { source, chart, version, extractedFrom, sha256, size } = files[file]!;
      templates[template][file] = { source, ...(chart && { chart }), ...(version && { version }), ...(extractedFrom && { extractedFrom }), sha256, size };
    }
  }
  return `# Written by \`homelab refresh-assets\`; rendering checks every asset against it.\n${emitYaml({ apiVersion: 'v1alpha1', kind: 'HomelabAssetsLock', templates })}`;
}
