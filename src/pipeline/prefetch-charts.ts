// Reads ahead what the Helm phase will need about each chart archive the config's templates have locked (its CRDs,
// what it asks of the API versions, helm's version) while the templates' worker builds the apps: the render thread
// is otherwise idle then, and on an empty cache reading a realistic homelab's chart CRDs takes half a second.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssetsLock } from '../assets/lock.ts';
import type { HomelabConfig } from '../config/model.ts';
import type { ChartRenderer } from '../render/chart-renderer.ts';
import { sha256Hex } from '../util/sha256.ts';

/**
 * Prepares the chart archives the templates of `configs` (the clusters of one render, one source) use, each once, as
 * `lock` (their source's, read) vouches for them.
 * Never fails: whatever goes wrong here goes wrong again, and is reported, where the render needs it.
 */
export async function prefetchCharts(configs: readonly HomelabConfig[], charts: ChartRenderer, lock: AssetsLock | undefined): Promise<void> {
  const [config] = configs;
  if (!charts.prepare || !config || !lock) return;
  const used = new Set(configs.flatMap((each) => each.apps.map((app) => app.template)));
  for (const [template, files] of Object.entries(lock)) {
    if (!used.has(template)) continue;
    for (const [file, entry] of Object.entries(files)) {
      if (entry.chart === undefined || entry.extractedFrom !== undefined || !file.endsWith('.tgz')) continue;
      const archive = path.join(config.sourceDir, 'assets', template, file);
      // Only an archive its lock entry vouches for: what is read of it is cached under that digest.
      const bytes = await readFile(archive).catch(() => undefined);
      if (!bytes || sha256Hex(bytes) !== entry.sha256) continue;
      charts.prepare({ path: archive, sha256: entry.sha256, file: `assets/${template}/${file}` });
    }
  }
}

/** Whose renders ChartRenderer.recall() and settle() are about: one cluster of one source repository. */
export function renderScope(config: HomelabConfig): string {
  return `${config.sourceDir}\0${config.cluster.name}`;
}
