// The files of a new source repository, as data: path → content. `homelab init` writes them.
import { pullRequestWorkflow, PULL_REQUEST_WORKFLOW_PATH } from './pull-request-workflow.ts';
import { publishWorkflow, WORKFLOW_PATH } from './workflow.ts';

export interface ScaffoldOptions {
  /** The npm package name of the new repository. */
  readonly name: string;
  /** The homelab version to depend on. */
  readonly homelabVersion: string;
}

export function scaffoldFiles(options: ScaffoldOptions): Map<string, string> {
  return new Map([
    ['config/apps.yaml', APPS_YAML],
    ['config/flux.yaml', FLUX_YAML],
    ['templates/hello/index.ts', HELLO_TEMPLATE],
    ['.gitignore', GITIGNORE],
    ['package.json', packageJson(options)],
    [WORKFLOW_PATH, publishWorkflow()],
    [PULL_REQUEST_WORKFLOW_PATH, pullRequestWorkflow()],
  ]);
}

/** A valid npm package name from a directory name. */
export function packageName(dirName: string): string {
  const name = dirName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '');
  return name || 'homelab-source';
}

function packageJson({ name, homelabVersion }: ScaffoldOptions): string {
  const pkg = {
    name,
    private: true,
    type: 'module',
    description: 'Apps for my cluster: config and templates that homelab renders into the manifests repository',
    scripts: { generate: 'homelab generate-manifests' },
    engines: { node: '>=20.6' },
    dependencies: { homelab: `^${homelabVersion}` },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const GITIGNORE = `node_modules/
# \`homelab generate-manifests\` output; CI publishes the manifests, they are not committed here.
manifests/
# generate-manifests' lock and temporary trees beside its output while it runs (the next run removes a killed run's).
.*.homelab-*
`;

const APPS_YAML = `# Which apps run in the cluster: each one a template and its options.
apiVersion: v1alpha1
kind: HomelabAppsConfig
apps:
  # A user template from templates/hello/; built-in ones (web-app, manifests, ...) work the same way.
  - template: hello
    options:
      message: Hello from homelab
`;

const FLUX_YAML = `# Where the rendered manifests go and how Flux reconciles them.
apiVersion: v1alpha1
kind: HomelabFluxConfig
# The private manifests repository (replace OWNER); publish needs a token for it in HOMELAB_GIT_TOKEN.
repo: https://github.com/OWNER/homelab-manifests.git
branch: main
path: flux          # where \`flux bootstrap\` keeps flux-system
appsPath: apps      # where homelab publishes the rendered apps
interval: 10m
kubeVersion: "1.34" # your cluster's Kubernetes version
`;

const HELLO_TEMPLATE = `// An example user template: a static page served by nginx. Copy it to start your own.
import { ApiObject, Chart, appLabels, defineTemplate, z } from 'homelab';

export default defineTemplate({
  name: 'hello',
  description: 'a static "hello" page served by nginx',
  options: z.strictObject({
    /** The text of the page. */
    message: z.string().default('Hello'),
    replicas: z.number().int().min(0).default(1),
  }),
  build(scope, app) {
    const { id, namespace, options } = app;
    const chart = new Chart(scope, id);
    const labels = appLabels(id, 'web');
    const selector = { 'app.kubernetes.io/name': id, 'app.kubernetes.io/instance': id };

    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } });
    new ApiObject(chart, 'page', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: \`\${id}-page\`, labels },
      data: { 'index.html': \`<!doctype html>\\n<title>\${id}</title>\\n<h1>\${options.message}</h1>\\n\` },
    });
    new ApiObject(chart, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: id, labels },
      spec: {
        replicas: options.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [{
              name: 'nginx',
              image: 'docker.io/nginxinc/nginx-unprivileged:1.27-alpine',
              ports: [{ name: 'http', containerPort: 8080 }],
              volumeMounts: [{ name: 'page', mountPath: '/usr/share/nginx/html' }],
              securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            }],
            volumes: [{ name: 'page', configMap: { name: \`\${id}-page\` } }],
          },
        },
      },
    });
    new ApiObject(chart, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: id, labels },
      spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    return chart;
  },
});
`;
