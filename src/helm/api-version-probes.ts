// Which API versions a chart's output can depend on. Helm hands templates the API versions only as
// `.Capabilities.APIVersions`; a chart whose templates (and values, which `tpl` may render) use it only as
// `.Capabilities.APIVersions.Has "<literal>"` renders the same for every set that agrees on those literals. So a
// chart need not be templated again when the render's API-version set grows by versions it never asks about, and
// its cached output stays valid. Any other use (a variable, a range, the whole Capabilities) means every version counts.

/** The literals a chart asks `.Capabilities.APIVersions.Has` about, sorted; undefined when the whole set matters. */
export type ApiVersionProbes = readonly string[] | undefined;

/** The files of a chart (its subcharts' too) whose text may use the API versions: templates and values. */
export const PROBED_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*(?:templates\/|values\.ya?ml$)/;

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
