// The shape of the optional config/clusters.yaml: clusters, each overriding flux.yaml's keys, picking apps,
// overriding apps per cluster and carrying free-form facts for templates.
import { z } from 'zod';
import { DNS_LABEL } from '../model/names.ts';
import { API_VERSION, fluxAppSettingsSchema, fluxConfigSchema } from './schema.ts';

const dnsLabel = z.string().regex(DNS_LABEL, {
  error: 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
});

/** Every flux.yaml key but apiVersion and kind, optional and without its default (the cluster inherits flux.yaml's). */
function fluxOverrides() {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(fluxConfigSchema.shape)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
    shape[key] = inner instanceof z.ZodOptional ? inner : inner.optional();
  }
  return shape;
}

export const appOverrideSchema = z.strictObject({
  /** Deep-merged over the app's options in config/apps.yaml (mappings merge, everything else replaces). */
  options: z.record(z.string(), z.unknown()).optional(),
  /** The app's namespace on this cluster. */
  namespace: dnsLabel.optional(),
  /** The app's Flux settings on this cluster (replace apps.yaml's `flux`). */
  flux: z.union([z.boolean(), fluxAppSettingsSchema], {
    error: 'expected true, false or a mapping with interval, timeout, wait, retryInterval',
  }).optional(),
});

export const clusterSchema = z.strictObject({
  /** The cluster's name: its folder in generate-manifests' output and in the default paths. */
  name: dnsLabel,
  ...fluxOverrides(),
  /** The app ids that run on this cluster. @default every app of config/apps.yaml */
  apps: z.array(z.string()).optional(),
  /** Per app id: options, namespace and flux for this cluster. */
  overrides: z.record(z.string(), appOverrideSchema).optional(),
  /** Free-form facts templates read as `app.cluster.facts`. */
  facts: z.record(z.string(), z.unknown()).optional(),
});

export const clustersConfigSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('HomelabClustersConfig'),
  clusters: z.array(clusterSchema).min(1, { error: 'expected at least one cluster; without clusters, delete the file' }),
});

export type RawCluster = z.infer<typeof clusterSchema>;
export type AppOverride = z.infer<typeof appOverrideSchema>;
