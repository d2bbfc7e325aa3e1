import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { testRuntime } from '../support/runtime.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';

const GOOD_TEMPLATE = `import { ApiObject, Chart, defineTemplate, z } from 'homelab';
export default defineTemplate({
  name: 'greeter',
  options: z.strictObject({ greeting: z.string().default('hello') }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: app.id }, data: { greeting: app.options.greeting } });
    return chart;
  },
});
`;

async function renderError(files: Record<string, string>): Promise<string> {
  const dir = await sourceRepo(files);
  const error = await renderSource(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error.message;
}

describe('user templates', () => {
  it('load from templates/<name>/index.ts without a build step and import helpers from "homelab"', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: greeter\n    options: { greeting: hi }\n'),
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [greeter]\n`,
      'templates/greeter/index.ts': GOOD_TEMPLATE,
    });
    const result = await renderSource(dir, testRuntime());
    assert.match(result.tree.get('greeter/11-configmap-greeter.yaml') ?? '', /data:\n {2}greeting: hi\n/);
  });

  it('bundle the files a template imports, resolve its packages from the source repo, give each file its own import.meta, and need no package.json', async () => {
    const dir = await sourceRepo({
      'package.json': undefined as unknown as string,
      'config/apps.yaml': appsYaml('  - template: greeter\n'),
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [greeter]\n`,
      'templates/greeter/index.ts': `import { ApiObject, Chart, defineTemplate, z } from 'homelab';
import { Chart as Cdk8sChart } from 'cdk8s';
import { word } from 'greeting-words';
import { greeting } from './lib/greeting.ts';
export default defineTemplate({
  name: 'greeter',
  options: z.strictObject({}),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    const data = { greeting: greeting(word), here: import.meta.url.split('/').slice(-2).join('/'), sameCdk8s: String(Chart === Cdk8sChart) };
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: app.id }, data });
    return chart;
  },
});
`,
      'templates/greeter/lib/greeting.ts': `import { readFileSync } from 'node:fs';
const punctuation: string = readFileSync(new URL('./punctuation.txt', import.meta.url), 'utf8').trim();
export const greeting = (word: string): string => word + punctuation;
`,
      'templates/greeter/lib/punctuation.txt': '!\n',
      'node_modules/greeting-words/package.json': '{ "name": "greeting-words", "main": "index.cjs" }\n',
      'node_modules/greeting-words/index.cjs': 'exports.word = "hey";\n',
    });
    const result = await renderSource(dir, testRuntime());
    const configMap = result.tree.get('greeter/11-configmap-greeter.yaml') ?? '';
    assert.match(configMap, /greeting: "hey!"\n/);
    assert.match(configMap, /here: greeter\/index\.ts\n/);
    assert.match(configMap, /sameCdk8s: "true"\n/);
  });

  it('reports a compile error in a file the template imports, naming that file', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: broken\n'),
      'templates/broken/index.ts': 'import { x } from "./helper.ts";\nexport default x;\n',
      'templates/broken/helper.ts': 'export const x = ;\n',
    });
    assert.equal(message, 'templates/broken/index.ts: template "broken" failed to load: Unexpected ";" (in templates/broken/helper.ts)');
  });

  it('lists the known templates when one is unknown, with a suggestion', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: greter\n'),
      'templates/greeter/index.ts': GOOD_TEMPLATE,
    });
    assert.equal(message, 'config/apps.yaml:4:15 apps[0].template: unknown template "greter"; did you mean "greeter"?; known templates: greeter, helm-chart, kustomize, manifests, web-app (user templates live in templates/<name>/index.ts)');
  });

  it('reports a template that does not compile, with the template file and line', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: broken\n'),
      'templates/broken/index.ts': 'export default {\n  name: "broken",,\n};\n',
    });
    assert.equal(message, 'templates/broken/index.ts:2:18: template "broken" failed to load: Expected identifier but found ","');
  });

  it('reports a template without a defineTemplate default export and says how to fix it', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: plain\n'),
      'templates/plain/index.ts': 'export const x = 1;\n',
    });
    assert.match(message, /templates\/plain\/index\.ts: template "plain" has no default export made by defineTemplate: add `export default defineTemplate\(/);
  });

  it('reports a template whose name differs from its folder', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: greeter2\n'),
      'templates/greeter2/index.ts': GOOD_TEMPLATE,
    });
    assert.match(message, /template in folder "greeter2" is named "greeter": the name must match the folder/);
  });

  it('reports a template that throws, naming the app, the template and the line that threw', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: thrower\n    id: boom\n'),
      'templates/thrower/index.ts': `import { defineTemplate, z } from 'homelab';
export default defineTemplate({
  name: 'thrower',
  options: z.object({}),
  build() {
    throw new Error('no database configured');
  },
});
`,
    });
    assert.match(message, /^templates\/thrower\/index\.ts:6:\d+ apps\[0\]: app "boom" \(template "thrower"\) failed to render: no database configured$/);
  });

  it('reports a template that returns no chart', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml('  - template: nochart\n'),
      'templates/nochart/index.ts': `import { Chart, defineTemplate, z } from 'homelab';
export default defineTemplate({
  name: 'nochart',
  options: z.object({}),
  build(scope, app) {
    new Chart(scope, app.id);
  },
} as never);
`,
    });
    assert.match(message, /^config\/apps\.yaml:4:5 apps\[0\]: app "nochart" \(template "nochart"\) returned nothing from build\(\): create the chart under the given scope and return it/);
  });

  it('reports options that fail the template schema with the option path inside the app', async () => {
    const message = await renderError({
      'config/apps.yaml': appsYaml(`  - template: web-app
    options: { image: nginx }
  - template: web-app
    id: second
    options:
      image: nginx
      replicas: two
      replcias: 3
`),
    });
    const lines = message.split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], 'config/apps.yaml:10:17 apps[1].options.replicas: expected number, got "two"');
    assert.match(lines[1]!, /^config\/apps\.yaml:11:7 apps\[1\]\.options\.replcias: unknown key; did you mean "replicas"\? \(known keys: image, replicas, port, /);
  });

  it('reports a missing required option', async () => {
    const message = await renderError({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: {}\n') });
    assert.match(message, /^config\/apps\.yaml:5:14 apps\[0\]\.options\.image: missing required key \(expected string\)$/);
  });
});
