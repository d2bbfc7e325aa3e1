// The seam every cached stage calls: values by a key that is a digest of everything deciding them. The CLI passes in
// the real one (src/cache/store.ts, on disk); without it stages compute everything. A cache never fails a render.

export interface ContentCache {
  /** The value stored under `key`, checked; undefined when absent, unreadable, corrupt or from another homelab. */
  read(key: string): Promise<Buffer | undefined>;
  /** The same, synchronously, for stages that compile synchronously (validators). */
  readSync(key: string): Buffer | undefined;
  /** Stores `value` under `key`, atomically. Never throws: a cache that cannot be written is warned about once. */
  write(key: string, value: string | Uint8Array): Promise<void>;
}

/**
 * Whether `key` was seen before, marking it seen when not (`marked`: that write, for callers that must have it stored
 * before they return). Big entries are stored only on their second sighting, so that one-off inputs (a first render,
 * an edit tried once) neither pay for a multi-megabyte write nor fill the cache.
 */
export function sighting(cache: ContentCache, key: string): { readonly before: boolean; readonly marked: Promise<void> } {
  const marker = `seen\0${key}`;
  if (cache.readSync(marker)) return { before: true, marked: Promise.resolve() };
  return { before: false, marked: cache.write(marker, '') };
}
