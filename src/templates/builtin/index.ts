// The templates shipped in the package.
import type { TemplateSet } from '../contract.ts';
import helmChart from './helm-chart.ts';
import kustomize from './kustomize.ts';
import manifests from './manifests.ts';
import webApp from './web-app.ts';

export const builtinTemplates: TemplateSet = new Map([helmChart, kustomize, manifests, webApp].map((template) => [template.name, template]));
