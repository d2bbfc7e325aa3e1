// The `helmChart` helper templates use: a construct that records which vendored chart to render with
// which values. The render's Helm phase (render/charts.ts) renders every one after all templates are built,
// so each chart sees the API versions of the whole render; running helm itself lives in helm/.
import { PlainApiObject } from './plain-api-object.ts';
import { Construct } from 'constructs';
import { HomelabError } from '../errors.ts';
import type { KubeObject } from '../model/kube-object.ts';
import type { ResolvedAsset } from './asset-spec.ts';
import type { ObjectPatch } from './object-patch.ts';

export interface HelmChartProps {
  /** The vendored chart: `app.assets.<key>` of a `helmChartAsset(...)`. */
  readonly chart: ResolvedAsset;
  /** Values for the chart, like a values.yaml. @default the chart's defaults */
  readonly values?: Record<string, unknown>;
  /**
   * The values files `values` was merged from, in merge order (path in the source repo and text): a value the chart's
   * values.schema.json refuses is then reported at its line in the file that set it. @default none
   */
  readonly valuesFiles?: readonly ValuesFileText[];
  /** Helm's release name. @default the app id */
  readonly releaseName?: string;
  /** The release namespace. @default the app's namespace */
  readonly namespace?: string;
  /**
   * Flux-style patches of the chart's output (a target selector and a strategic-merge or JSON6902 patch), applied in
   * order after homelab's own changes (hooks, Jobs); a patch whose target matches nothing is an error. @default none
   */
  readonly patches?: readonly ObjectPatch[];
  /**
   * Post-processes the chart's objects (drop, change, add) after `patches`, before they join the app: the escape hatch
   * for anything patches cannot say. Gets every object the chart renders (CRDs too; hooks and Jobs already adjusted)
   * and returns the objects to keep. @default none
   */
  readonly transform?: ChartTransform;
}

/** A values file as read: where it is in the source repo, and its text. */
export interface ValuesFileText {
  readonly file: string;
  readonly text: string;
}

/** Post-processes a chart's objects: gets them all, returns the ones to keep (changed, dropped or added). */
export type ChartTransform = (objects: KubeObject[]) => KubeObject[];

const HELM_CHART = Symbol.for('homelab.HelmChart');

export class HelmChart extends Construct {
  static isHelmChart(value: unknown): value is HelmChart {
    return typeof value === 'object' && value !== null && HELM_CHART in value;
  }

  readonly props: HelmChartProps;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    if (props.chart?.spec?.type !== 'helm-chart') {
      throw new HomelabError(`helmChart "${id}": "chart" must be a vendored Helm chart asset (declare it with helmChartAsset(...) and pass app.assets.<key>)`);
    }
    this.props = props;
    Object.defineProperty(this, HELM_CHART, { value: true });
  }

  /** Called by the renderer with helm's output: each object becomes an ApiObject of this construct. */
  addRenderedObjects(objects: readonly KubeObject[]): void {
    for (const [index, object] of objects.entries()) {
      new PlainApiObject(this, `${index}-${object.kind}-${object.metadata.namespace ?? ''}-${object.metadata.name}`, object);
    }
  }
}

/** Whether any helmChart of `scopes` has a transform: code of the templates that runs in the Helm phase. */
export function hasChartTransforms(scopes: readonly Construct[]): boolean {
  return scopes.some((scope) => scope.node.findAll().some((construct) => HelmChart.isHelmChart(construct) && construct.props.transform !== undefined));
}

/** Renders a vendored Helm chart into the app: `helmChart(chart, 'podinfo', { chart: app.assets.podinfo, values })`. */
export function helmChart(scope: Construct, id: string, props: HelmChartProps): HelmChart {
  return new HelmChart(scope, id, props);
}
