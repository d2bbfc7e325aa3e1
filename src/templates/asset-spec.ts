// What a template may vendor: Helm charts (HTTP chart repo or OCI) and upstream files, pinned in assets/lock.yaml;
// and what it gets back at render time. Template-facing (exported from "homelab"); vendoring itself lives in assets/.

export interface HelmChartAssetSpec {
  readonly type: 'helm-chart';
  /** An HTTP(S) chart repository (`https://charts.jetstack.io`) or an OCI registry path (`oci://ghcr.io/org/charts`). */
  readonly repo?: string;
  /**
   * Or a chart directory in the source repo (e.g. `charts/backup-operator`), packaged reproducibly by refresh-assets
   * with its Chart.yaml dependencies fetched into its charts/.
   */
  readonly path?: string;
  readonly chart: string;
  /** An exact chart version (no ranges: the lock pins one archive). */
  readonly version: string;
  /** The archive's expected sha256; refresh-assets refuses a download that differs. @default trust on first fetch */
  readonly sha256?: string;
  /**
   * Also vendor the chart's CRDs as YAML, with typed classes for them: those of its crds/ folders and those its
   * templates render with its default values, or with `{ values }` on top (for charts that template CRDs only when a
   * value asks, such as cert-manager's `crds.enabled`). @default false
   */
  readonly crds?: boolean | { readonly values?: Readonly<Record<string, unknown>> };
  /** The oci:// registry (for `path` charts: their oci:// dependencies) speaks plain HTTP, like `helm pull --plain-http`. @default false */
  readonly plainHttp?: boolean;
}

export interface UrlAssetSpec {
  readonly type: 'url';
  /** An HTTP(S) URL of upstream content, e.g. a release's CRD YAML. */
  readonly url: string;
  /** File name under assets/<template>/. @default the URL's last path segment */
  readonly file?: string;
  /** The expected sha256; refresh-assets refuses a download that differs. @default trust on first fetch */
  readonly sha256?: string;
  /** The file holds CRDs: generate typed classes for them. @default false */
  readonly crds?: boolean;
}

export type AssetSpec = HelmChartAssetSpec | UrlAssetSpec;
export type AssetMap = Readonly<Record<string, AssetSpec>>;

/** A declared asset as `build()` receives it in `app.assets`: vendored and checked against the lock. */
export interface ResolvedAsset {
  readonly spec: AssetSpec;
  /** Absolute path of the vendored file. */
  readonly path: string;
  /** Path relative to the source repo, for messages: `assets/<template>/<file>`. */
  readonly file: string;
  readonly sha256: string;
  /** The vendored file's size in bytes. */
  readonly size: number;
  /** For charts vendored with `crds: true`: the extracted CRDs' absolute path. */
  readonly crdsPath?: string;
}

/** A Helm chart to vendor: `helmChartAsset({ repo, chart, version })`. */
export function helmChartAsset(spec: Omit<HelmChartAssetSpec, 'type'>): HelmChartAssetSpec {
  return { type: 'helm-chart', ...spec };
}

/** An upstream file to vendor: `urlAsset({ url, sha256 })`. */
export function urlAsset(spec: Omit<UrlAssetSpec, 'type'>): UrlAssetSpec {
  return { type: 'url', ...spec };
}

/** The asset's file name inside assets/<template>/; versioned, so a version bump is a new lock entry. */
export function assetFileName(spec: AssetSpec): string {
  if (spec.type === 'helm-chart') return `${spec.chart}-${spec.version}.tgz`;
  if (spec.file) return spec.file;
  const last = new URL(spec.url).pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : 'download';
}

/** Where a chart's extracted CRDs go. */
export function crdsFileName(spec: HelmChartAssetSpec): string {
  return `${spec.chart}-${spec.version}.crds.yaml`;
}

/** A short description for messages: `chart "podinfo" 6.7.1 from https://…` or the URL. */
export function describeAsset(spec: AssetSpec): string {
  return spec.type === 'helm-chart' ? `chart "${spec.chart}" ${spec.version} from ${assetSource(spec)}` : spec.url;
}

/** Where an asset comes from, as the lock records it. */
export function assetSource(spec: AssetSpec): string {
  return spec.type === 'helm-chart' ? spec.repo ?? spec.path ?? '' : spec.url;
}

/** Problems with a declaration itself, before anything is fetched. */
export function specProblems(spec: AssetSpec): string[] {
  const problems: string[] = [];
  if (spec.type === 'helm-chart') {
    if ((spec.repo === undefined) === (spec.path === undefined)) problems.push('give exactly one of repo (a chart repository) and path (a chart directory in the source repo)');
    if (spec.repo !== undefined && !/^(https?|oci):\/\//.test(spec.repo)) problems.push(`repo "${spec.repo}" must be an http(s):// chart repository or an oci:// registry`);
    if (spec.path !== undefined && (spec.path.startsWith('/') || spec.path.split('/').includes('..'))) problems.push(`path "${spec.path}" must be a directory inside the source repo`);
    if (spec.plainHttp && spec.repo !== undefined && !spec.repo.startsWith('oci://')) problems.push('plainHttp applies to oci:// registries only');
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(spec.chart)) problems.push(`chart name "${spec.chart}" is not a chart name`);
    if (!/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/.test(spec.version)) problems.push(`version "${spec.version}" must be an exact semantic version`);
  } else if (!/^https?:\/\//.test(spec.url)) {
    problems.push(`url "${spec.url}" must be http(s)://`);
  }
  const file = assetFileName(spec);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) problems.push(`file name "${file}" must be a plain file name`);
  if (spec.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(spec.sha256)) problems.push('sha256 must be 64 lower-case hex digits');
  return problems;
}
