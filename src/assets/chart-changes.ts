// Names what changed in a chart kept in the source repo since refresh-assets packaged it, by comparing its
// files with the vendored archive (only called once the source digest says something did).
import { sha256Hex } from '../util/sha256.ts';
import { unpackChart } from './chart-package.ts';
import { fileDependencyDir, readChartSource } from './chart-source.ts';

/** The first difference, e.g. `charts/own/templates/cm.yaml was edited`; undefined when none is found. */
export async function firstChartChange(sourceDir: string, chartDir: string, archive: Uint8Array): Promise<string | undefined> {
  const chart = await readChartSource(sourceDir, chartDir);
  const packaged = unpackChart(archive);
  const fileDependencies = chart.dependencies.filter((d) => d.repository.startsWith('file://'));
  const paths = [...new Set([...chart.files.keys(), ...packaged.keys()])].sort();
  for (const file of paths) {
    const source = chart.files.get(file);
    const vendored = packaged.get(file);
    if (source && vendored) {
      if (sha256Hex(source) !== sha256Hex(vendored)) return `${chartDir}/${file} was edited`;
      continue;
    }
    if (source) {
      // refresh-assets replaces hand-built archives of declared dependencies with the pinned ones.
      if (/^charts\/[^/]+\.tgz$/.test(file)) continue;
      return `${chartDir}/${file} was added`;
    }
    if (/^charts\/[^/]+\.tgz$/.test(file)) {
      // A dependency refresh-assets put there: fetched ones are pinned by sha256; file:// ones are compared in turn.
      const dependency = fileDependencies.find((d) => file.startsWith(`charts/${d.name}-`));
      const inner = dependency && await firstChartChange(sourceDir, fileDependencyDir(chartDir, dependency), vendored!);
      if (inner) return inner;
      continue;
    }
    return `${chartDir}/${file} was removed`;
  }
  return undefined;
}
