// Public API for templates: everything a template imports from "homelab".
export { ApiObject, Chart, Include, JsonPatch, Lazy, Yaml } from 'cdk8s';
export { Construct } from 'constructs';
export { z } from 'zod';
export { defineTemplate, isTemplate } from './templates/contract.ts';
export type { AppContext, SourceFiles, Template, TemplateDefinition } from './templates/contract.ts';
export { addObjects, appLabels, ensureNamespace } from './templates/helpers.ts';
export { mergeValues } from './templates/merge-values.ts';
export { HomelabError } from './errors.ts';
export { helmChartAsset, urlAsset } from './templates/asset-spec.ts';
export type { AssetMap, AssetSpec, HelmChartAssetSpec, ResolvedAsset, UrlAssetSpec } from './templates/asset-spec.ts';
export { HelmChart, helmChart } from './templates/helm-chart.ts';
export { KustomizeDirectory, kustomizeDirectory } from './templates/kustomize-directory.ts';
export type { KustomizeDirectoryProps } from './templates/kustomize-directory.ts';
export type { ChartTransform, HelmChartProps, ValuesFileText } from './templates/helm-chart.ts';
export type { JsonPatchOperation, ObjectPatch, PatchTarget } from './templates/object-patch.ts';
export type { KubeObject } from './model/kube-object.ts';
