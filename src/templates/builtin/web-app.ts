// Built-in template `web-app`: one stateless HTTP service, locked down by default.
import { ApiObject, Chart } from 'cdk8s';
import { z } from 'zod';
import { defineTemplate } from '../contract.ts';
import { appLabels } from '../helpers.ts';

const quantity = z.union([z.string().regex(/^[0-9.]+[a-zA-Z]*$/), z.number()], { error: 'expected a Kubernetes quantity such as "100m", "128Mi" or 1' });

export const webAppOptions = z.strictObject({
  /** Container image, ideally pinned by tag and digest. */
  image: z.string().min(1, { error: 'expected an image reference such as "ghcr.io/stefanprodan/podinfo:6.7.0"' }),
  /** @default 1 */
  replicas: z.number().int().min(0).default(1),
  /** The port the container listens on; the Service exposes it as port 80. @default 8080 */
  port: z.number().int().min(1).max(65535).default(8080),
  /** Environment variables (plain values; use Secrets for credentials). */
  env: z.record(z.string().regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/), z.string()).default({}),
  /** Public host name: adds an Ingress for it. @default no Ingress */
  host: z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: 'expected a DNS host name such as "blog.example.com"' }).optional(),
  /** IngressClass of the Ingress. @default the cluster's default class */
  ingressClassName: z.string().optional(),
  /** Secret holding the TLS certificate for `host`. @default no TLS */
  tlsSecretName: z.string().optional(),
  /** HTTP path answering liveness and readiness probes. @default "/" */
  healthPath: z.string().startsWith('/').default('/'),
  resources: z.strictObject({
    requests: z.strictObject({ cpu: quantity.default('50m'), memory: quantity.default('64Mi') }).prefault({}),
    limits: z.strictObject({ memory: quantity.default('256Mi'), cpu: quantity.optional() }).prefault({}),
  }).prefault({}),
  /** User id to run as (the image must support running as non-root). @default 65532 */
  runAsUser: z.number().int().min(1).default(65532),
  /** Create the app's Namespace; false when several apps share one namespace. @default true */
  createNamespace: z.boolean().default(true),
});

export type WebAppOptions = z.output<typeof webAppOptions>;

export default defineTemplate({
  name: 'web-app',
  description: 'a stateless web app: Namespace, Deployment with probes, Service, optional Ingress',
  options: webAppOptions,
  build(scope, app) {
    const { id, namespace, options } = app;
    const chart = new Chart(scope, id);
    const labels = appLabels(id, 'web');
    const selector = { 'app.kubernetes.io/name': id, 'app.kubernetes.io/instance': id };

    if (options.createNamespace) {
      new ApiObject(chart, 'namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        // Enforce the restricted Pod Security Standard: the pods below are built to meet it.
        metadata: { name: namespace, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' } },
      });
    }

    new ApiObject(chart, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: id, labels },
      automountServiceAccountToken: false,
    });

    const probe = (periodSeconds: number) => ({ httpGet: { path: options.healthPath, port: 'http' }, periodSeconds, timeoutSeconds: 2 });
    new ApiObject(chart, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: id, labels },
      spec: {
        replicas: options.replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: id,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: options.runAsUser,
              runAsGroup: options.runAsUser,
              fsGroup: options.runAsUser,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [{
              name: 'app',
              image: options.image,
              ports: [{ name: 'http', containerPort: options.port, protocol: 'TCP' }],
              env: Object.entries(options.env).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value })),
              readinessProbe: probe(5),
              livenessProbe: { ...probe(10), failureThreshold: 3 },
              resources: {
                requests: options.resources.requests,
                limits: options.resources.limits,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              // A writable /tmp, since the root filesystem is read-only.
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });

    new ApiObject(chart, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: id, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    });

    if (options.host) {
      new ApiObject(chart, 'ingress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: id, labels },
        spec: {
          ...(options.ingressClassName && { ingressClassName: options.ingressClassName }),
          ...(options.tlsSecretName && { tls: [{ hosts: [options.host], secretName: options.tlsSecretName }] }),
          rules: [{
            host: options.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: id, port: { name: 'http' } } } }] },
          }],
        },
      });
    }
    return chart;
  },
});
