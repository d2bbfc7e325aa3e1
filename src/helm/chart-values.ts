// Reads a chart archive's default values: its values.yaml with each subchart's under the subchart's name (or alias),
// as helm coalesces them before it templates. Read from the archive itself, without running helm.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { entries } from './chart-archive.ts';

const WANTED = /^[^/]+\/(?:charts\/[^/]+\/)*(?:values\.yaml|Chart\.yaml|charts\/[^/]+\.tgz)$/;

export async function chartValues(archive: string): Promise<Record<string, unknown>> {
  return valuesIn(await readFile(archive));
}

async function valuesIn(archive: Buffer): Promise<Record<string, unknown>> {
  const files = await entries(archive, (path) => WANTED.test(path));
  const charts = new Map<string, { values?: unknown; chart?: unknown; archives: Buffer[] }>();
  const at = (dir: string) => {
    if (!charts.has(dir)) charts.set(dir, { archives: [] });
    return charts.get(dir)!;
  };
  for (const [path, content] of files) {
    const dir = path.slice(0, path.lastIndexOf('/'));
    if (path.endsWith('.tgz')) at(dir.slice(0, -'/charts'.length)).archives.push(content);
    else if (path.endsWith('/values.yaml')) at(dir).values = parseOrEmpty(content);
    else at(dir).chart = parseOrEmpty(content);
  }
  const build = async (dir: string): Promise<Record<string, unknown>> => {
    const entry = charts.get(dir);
    const values: Record<string, unknown> = isMap(entry?.values) ? { ...entry.values } : {};
    const aliases = aliasesOf(entry?.chart);
    const subcharts: [string, Record<string, unknown>][] = [];
    for (const sub of [...charts.keys()].filter((other) => other.startsWith(`${dir}/charts/`) && !other.slice(dir.length + 8).includes('/'))) {
      subcharts.push([nameOf(charts.get(sub)!.chart, sub), await build(sub)]);
    }
    for (const nested of entry?.archives ?? []) {
      const sub = await valuesIn(nested);
      const name = await nestedName(nested);
      if (name) subcharts.push([name, sub]);
    }
    for (const [name, sub] of subcharts) {
      const key = aliases.get(name) ?? name;
      values[key] = isMap(values[key]) ? { ...sub, ...(values[key] as Record<string, unknown>) } : sub;
    }
    return values;
  };
  const root = [...charts.keys()].filter((dir) => !dir.includes('/'))[0];
  return root === undefined ? {} : build(root);
}

async function nestedName(archive: Buffer): Promise<string | undefined> {
  const files = await entries(archive, (path) => /^[^/]+\/Chart\.yaml$/.test(path));
  const [[path, content] = []] = [...files];
  return path === undefined ? undefined : nameOf(parseOrEmpty(content!), path.split('/')[0]!);
}

function nameOf(chart: unknown, dir: string): string {
  const name = (chart as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : dir.slice(dir.lastIndexOf('/') + 1);
}

/** Chart.yaml `dependencies[].alias` by dependency name. */
function aliasesOf(chart: unknown): Map<string, string> {
  const dependencies = (chart as { dependencies?: { name?: unknown; alias?: unknown }[] } | undefined)?.dependencies;
  return new Map((Array.isArray(dependencies) ? dependencies : [])
    .filter((d) => typeof d?.name === 'string' && typeof d.alias === 'string')
    .map((d) => [d.name as string, d.alias as string]));
}

function parseOrEmpty(content: Buffer): unknown {
  try {
    return parse(content.toString('utf8'));
  } catch {
    // A chart whose values.yaml does not parse does not render either; helm reports that.
    return {};
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
