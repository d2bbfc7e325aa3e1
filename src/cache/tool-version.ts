// A tool's version without running it: remembered per binary (its path, size, inode and times), as ccache
// remembers compilers. A warm render needs helm's version for its keys but should not start helm to learn it.
import { stat } from 'node:fs/promises';
import type { ContentCache } from '../model/content-cache.ts';

/** `probe` runs the tool; its answer is stored for this exact file and reused until the file changes. */
export async function rememberedVersion(file: string | undefined, cache: ContentCache | undefined, probe: () => Promise<string>): Promise<string> {
  const info = file && cache ? await stat(file).catch(() => undefined) : undefined;
  if (!info || !cache) return probe();
  const key = JSON.stringify([file, info.size, info.ino, info.dev, info.mtimeMs, info.ctimeMs]);
  const stored = await cache.read(key);
  if (stored) return stored.toString('utf8');
  const version = await probe();
  await cache.write(key, version);
  return version;
}
