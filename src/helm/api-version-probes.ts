// Which API versions a chart's output can depend on. Helm hands templates the API versions only as
// `.Capabilities.APIVersions`; a chart whose templates (and values, which `tpl` may render) use it only as
// `.Capabilities.APIVersions.Has "<literal>"` renders the same for every set that agrees on those literals. So a
// chart need not be templated again when the render's API-version set grows by versions it never asks about, and
// its cached output stays valid. Any other use (a variable, a range, the whole Capabilities) means every version counts.
import { readFile } from 'node:fs/promises';
import { entries } from './chart-crds.ts';

/** The literals a chart asks `.Capabilities.APIVersions.Has` about, sorted; undefined when the whole set matters. */
export type ApiVersionProbes = readonly string[] | undefined;

const TEMPLATE_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*templates\//;
const VALUES_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*values\.ya?ml$/;
const SUBCHART_ARCHIVE = /^[^/]+\/(?:charts\/[^/]+\/)*charts\/[^/]+\.tgz$/;

/** Reads the archive's templates and values (its subcharts' too) and finds what they ask about API versions. */
export async function chartApiVersionProbes(archive: string): Promise<ApiVersionProbes> {
  const probes = new Set<string>();
  return (await collect(await readFile(archive), probes)) ? [...probes].sort() : undefined;
}

/** Adds `text`'s probes to `probes`; false when the text uses the API versions (or all of Capabilities) otherwise. */
export function addApiVersionProbes(text: string, probes: Set<string>): boolean {
  // Field accesses only (`.Capabilities`, `$.Capabilities`): "allowedCapabilities:" in a PodSecurityPolicy is not one.
  for (const match of text.matchAll(/\.(Capabilities|APIVersions)\b/g)) {
    const rest = text.slice(match.index + 1, match.index + 400);
    if (match[1] === 'Capabilities') {
      if (/^Capabilities\.(KubeVersion|HelmVersion)\b/.test(rest)) continue;
      if (!rest.startsWith('Capabilities.APIVersions')) return false;
      continue; // judged at its APIVersions
    }
    if (!text.slice(Math.max(0, match.index - 12), match.index).endsWith('Capabilities')) return false;
    const has = /^APIVersions\.Has\s+(?:"((?:[^"\\\n]|\\.)*)"|`([^`]*)`)/.exec(rest);
    if (!has) return false;
    probes.add(has[1] !== undefined ? JSON.parse(`"${has[1]}"`) as string : has[2]!);
  }
  // The root context dumped whole (`toYaml $`) carries the API versions without naming them.
  return !/\b(?:toYaml|toJson|toPrettyJson|toRawJson|toToml|toString|print|printf|println)\s+\$\s*(?:\)|\||-?\}\})/.test(text)
    && !/\$\s*\|\s*(?:toYaml|toJson|toPrettyJson|toRawJson|toToml|toString)\b/.test(text);
}

async function collect(archive: Buffer, probes: Set<string>): Promise<boolean> {
  const files = await entries(archive, (path) => TEMPLATE_FILE.test(path) || VALUES_FILE.test(path) || SUBCHART_ARCHIVE.test(path));
  for (const [path, content] of files) {
    if (SUBCHART_ARCHIVE.test(path)) {
      if (!(await collect(content, probes))) return false;
    } else if (!addApiVersionProbes(content.toString('utf8'), probes)) {
      return false;
    }
  }
  return true;
}
