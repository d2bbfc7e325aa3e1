// Public API for templates: everything a template imports from "homelab".
export { ApiObject, Chart, Include, JsonPatch, Lazy, Yaml } from 'cdk8s';
export { Construct } from 'constructs';
export { z } from 'zod';
export { defineTemplate, isTemplate } from './templates/contract.ts';
export type { AppContext, SourceFiles, Template, TemplateDefinition } from './templates/contract.ts';
export { addObjects, appLabels } from './templates/helpers.ts';
export { HomelabError } from './errors.ts';
export { helmChartAsset, urlAsset } from './assets/spec.ts';
export type { AssetMap, AssetSpec, HelmChartAssetSpec, UrlAssetSpec } from './assets/spec.ts';
export type { ResolvedAsset } from './assets/resolve.ts';
export { HelmChart, helmChart } from './helm/helm-chart.ts';
export type { HelmChartProps } from './helm/helm-chart.ts';
export type { KubeObject } from './render/kube-object.ts';
