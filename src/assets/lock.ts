// assets/lock.yaml: what was vendored, from where, and its sha256 and size. No timestamps, so it is deterministic.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { YamlFile } from '../config/yaml-file.ts';
import { zodProblems } from '../config/zod-problems.ts';
import { emitYaml } from '../render/yaml-emitter.ts';

export const LOCK_FILE = 'assets/lock.yaml';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** A dependency of a chart kept in the source repo, fetched into its charts/ by refresh-assets. */
const dependencySchema = z.strictObject({
  name: z.string(),
  /** The version fetched. */
  version: z.string(),
  /** The range Chart.yaml asks for, when it is not that exact version. */
  constraint: z.string().optional(),
  repository: z.string(),
  sha256,
});

const entrySchema = z.strictObject({
  /** Chart repository, registry or URL the file came from. */
  source: z.string(),
  chart: z.string().optional(),
  version: z.string().optional(),
  /** For extracted files (chart CRDs): the archive they came from. */
  extractedFrom: z.string().optional(),
  sha256,
  size: z.number().int().min(0),
  /** Charts kept in the source repo: the digest of their source files (see chartSourceDigest), checked on every render. */
  sourceDigest: sha256.optional(),
  /** Charts kept in the source repo: the dependencies packaged into the archive's charts/. */
  dependencies: z.array(dependencySchema).optional(),
});

const lockSchema = z.strictObject({
  apiVersion: z.literal('v1alpha1'),
  kind: z.literal('HomelabAssetsLock'),
  /** template name → file name under assets/<template>/ → entry */
  templates: z.record(z.string(), z.record(z.string(), entrySchema)).default({}),
});

export type LockEntry = z.infer<typeof entrySchema>;
export type LockedDependency = z.infer<typeof dependencySchema>;
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
      const { source, chart, version, extractedFrom, sha256, size, sourceDigest, dependencies } = files[file]!;
      templates[template][file] = {
        source, ...(chart && { chart }), ...(version && { version }), ...(extractedFrom && { extractedFrom }), sha256, size,
        ...(sourceDigest && { sourceDigest }),
        ...(dependencies?.length && {
          dependencies: dependencies.map(({ name, version, constraint, repository, sha256 }) => ({ name, version, ...(constraint !== undefined && { constraint }), repository, sha256 })),
        }),
      };
    }
  }
  return `# Written by \`homelab refresh-assets\`; rendering checks every asset against it.\n${emitYaml({ apiVersion: 'v1alpha1', kind: 'HomelabAssetsLock', templates })}`;
}
