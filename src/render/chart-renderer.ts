// The seam between the render and Helm: the render asks for a chart's objects, the CLI passes in what answers
// (helm/helm-renderer.ts runs the real `helm template`; a cache can wrap it, keyed by the request).
import { HomelabError, type Problem } from '../errors.ts';
import type { KubeObject } from '../model/kube-object.ts';

/** A vendored chart archive: its digest decides its content. */
export interface ChartArchive {
  /** Absolute path of the `.tgz`. */
  readonly path: string;
  /** The archive's sha256, already checked against assets/lock.yaml. */
  readonly sha256: string;
  /** Where it is in the source repo, for messages: `assets/<template>/<chart>-<version>.tgz`. */
  readonly file: string;
  /** The archive's size in bytes, when known: bigger charts take longer to template, and start first. */
  readonly size?: number;
}

/** Everything that decides what `helm template` prints for one chart (helm's own version aside). */
export interface ChartRenderRequest {
  readonly chart: ChartArchive;
  /** Values, as a values.yaml would give them. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly releaseName: string;
  readonly namespace: string;
  /** A full semantic version, as `.Capabilities.KubeVersion` compares it: `v1.34.0`. */
  readonly kubeVersion: string;
  /** `.Capabilities.APIVersions`: `group/version` and `group/version/Kind`, sorted. */
  readonly apiVersions: readonly string[];
}

/** A chart's objects, and what the YAML reader reported about its output without failing (duplicate keys, ...). */
export interface RenderedChart {
  readonly objects: KubeObject[];
  readonly warnings: readonly Problem[];
}

/** What a render tells its caller as it goes; neither is told for output that comes from a cache. */
export interface RenderProgress {
  /** Templating has begun (helm is running). */
  readonly started?: () => void;
  /**
   * Templating has ended (helm has exited) and only its output is left to read: another chart may start. The renderer
   * lets that chart's helm start before it reads this output.
   */
  readonly templated?: () => void;
}

export interface ChartRenderer {
  /** The CRDs the archive ships in crds/ folders (its own and its subcharts'), read without templating. */
  chartCrds(chart: ChartArchive): Promise<KubeObject[]>;
  /**
   * The chart's default values (its values.yaml, each subchart's under its name), read without templating; asked for
   * only to name the values that fix a chart's output in an error.
   */
  chartValues(chart: ChartArchive): Promise<Record<string, unknown>>;
  /**
   * The chart's objects as `helm template --include-crds --skip-tests` prints them, in order (hooks included).
   * Throws a ChartRenderError when the chart does not render; any other error is not the chart's fault.
   */
  render(request: ChartRenderRequest, progress?: RenderProgress): Promise<RenderedChart>;
  /**
   * Starts reading what render() will need about the archive (its CRDs, what it asks of the API versions, helm's
   * version) while the render thread would otherwise wait for the templates. Never throws: the later call reports.
   */
  prepare?(chart: ChartArchive): void;
  /**
   * Starts reading ahead what render(request) will need (its output, when a cache holds it), so that it can start the
   * moment a slot frees. Told each request, in the order they will be asked for, before the first. Never throws.
   */
  expect?(request: ChartRenderRequest): void;
  /**
   * Starts reading ahead the renders that the last render of `scope` (a source repository's cluster) asked for: most
   * renders ask for the same charts again, and they are asked for only once the templates have run. Never throws.
   */
  recall?(scope: string): void;
  /** Records, for the next render of `scope`, the renders asked for since its recall(). */
  settle?(scope: string): Promise<void>;
  /** What renders the charts (`helm v3.19.0`), for keys of results that depend on its output. */
  version?(): Promise<string>;
}

/** The chart itself failed to render (helm's own error) or printed something that is not YAML. */
export class ChartRenderError extends HomelabError {
  override readonly name = 'ChartRenderError';
  constructor(message: string, readonly kind: 'failed' | 'invalid-output', options?: { cause?: unknown }) {
    super(message, options);
  }
}
