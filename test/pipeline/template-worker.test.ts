import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testEnv } from '../support/env.ts';
import { appsYaml, exampleCopy, FLUX_YAML, sourceRepo, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliEntry = path.join(root, 'test/support/cli-entry.ts');
// By URL, so that the CLI starts from any working directory.
const tsx = import.meta.resolve('tsx');

interface Run {
  /** The exit code, or "killed" when the CLI was still running at the deadline. */
  readonly code: number | 'killed';
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The real CLI in a process of its own (a template that calls process.exit() or never returns would end or hang an
 * in-process run), killed at `deadlineMs` so that a hang fails the test instead of the suite.
 */
function cli(args: readonly string[], { cwd = root, env = {}, deadlineMs = 60_000 }: { cwd?: string; env?: NodeJS.ProcessEnv; deadlineMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, cliEntry, ...args], { cwd, env: testEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: killed ? 'killed' : code ?? (signal as never), stdout, stderr });
    });
  });
}

/** A user template whose build() runs `body` before returning a chart with one ConfigMap. */
function template(name: string, body: string, top = ''): string {
  return `import { ApiObject, Chart, defineTemplate, z } from 'homelab';
${top}
export default defineTemplate({
  name: '${name}',
  options: z.object({}),
  async build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: app.id, namespace: 'default' } });
    ${body}
    return chart;
  },
});
`;
}

const GOOD = template('plain', '');

/** A source repo with a well-behaved app "good" and an app "bad" of template `name` doing `body` in build(). */
async function sourceWith(name: string, body: string, flux = FLUX_YAML, top = ''): Promise<string> {
  return sourceRepo({
    'config/flux.yaml': flux,
    'config/apps.yaml': appsYaml(`  - template: plain\n    id: good\n  - template: ${name}\n    id: bad\n`),
    'templates/plain/index.ts': GOOD,
    [`templates/${name}/index.ts`]: template(name, body, top),
  });
}

/** An output written by a good render of the same apps, and its files, to check that a failed run leaves it as it was. */
async function previousOutput(source: string): Promise<{ out: string; before: Record<string, string> }> {
  const good = await sourceRepo({
    'config/apps.yaml': appsYaml('  - template: plain\n    id: good\n  - template: plain\n    id: bad\n'),
    'templates/plain/index.ts': GOOD,
  });
  const out = path.join(await tempDir(), 'out');
  const run = await cli(['generate-manifests', '--source', good, '--output', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(source);
  return { out, before: await readTree(out) };
}

describe('templates run apart from homelab', () => {
  it('fails the app, not the run, when build() calls process.exit(0), and leaves the output as it was', async () => {
    const source = await sourceWith('quitter', 'process.exit(0);');
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /app "bad" \(template "quitter"\) failed to render: build\(\) called process\.exit\(0\): a template cannot end homelab/);
    assert.deepEqual(await readTree(out), before);
  });

  it('fails the app when build() calls process.exit() and catches what it threw', async () => {
    const source = await sourceWith('sneaky', 'try { process.exit(0); } catch {}');
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /app "bad" \(template "sneaky"\) failed to render: build\(\) called process\.exit\(0\)/);
    assert.deepEqual(await readTree(out), before);
  });

  it('stops a build() that never settles after templates.timeout and names the app', async () => {
    const source = await sourceWith('waiter', 'await new Promise(() => {});', `${FLUX_YAML}templates:\n  timeout: 2s\n`);
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out], { deadlineMs: 45_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /config\/apps\.yaml:\d+:\d+ apps\[1\]: app "bad" \(template "waiter"\): build\(\) did not finish within 2s \(config\/flux\.yaml templates\.timeout\)/);
    assert.deepEqual(await readTree(out), before);
  });

  it('stops a build() stuck in an endless loop after templates.timeout and exits', async () => {
    const source = await sourceWith('looper', 'for (;;) {}', `${FLUX_YAML}templates:\n  timeout: 2s\n`);
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out], { deadlineMs: 45_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /app "bad" \(template "looper"\): build\(\) did not finish within 2s/);
    assert.deepEqual(await readTree(out), before);
  });

  it('exits once the render is written although a template left a timer running', async () => {
    const source = await sourceWith('leaky', 'setInterval(() => {}, 1000);');
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out], { deadlineMs: 45_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['.homelab-generated', 'bad', 'flux', 'flux-bootstrap', 'good']);
  });

  it('sends console.log of templates to stderr, so --json stays parseable', async () => {
    const source = await sourceWith('chatty', 'console.log("hello from the template"); console.info("info too");');
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--json', '--source', source, '--output', out]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { apps: { id: string }[] };
    assert.deepEqual(result.apps.map((app) => app.id).sort(), ['bad', 'good']);
    assert.match(run.stderr, /hello from the template/);
    assert.match(run.stderr, /info too/);
  });

  it('writes the output where --output said, relative to where homelab started, whatever a template does with process.chdir()', async () => {
    const elsewhere = await tempDir();
    const source = await sourceWith('mover', `try { process.chdir(${JSON.stringify(elsewhere)}); } catch {}`);
    const cwd = await tempDir();
    const run = await cli(['generate-manifests', '--source', source, '--output', 'out'], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await readdir(cwd), ['out']);
    assert.deepEqual(await readdir(elsewhere), []);
    assert.deepEqual((await readdir(path.join(cwd, 'out'))).sort(), ['.homelab-generated', 'bad', 'flux', 'flux-bootstrap', 'good']);
  });

  it('reports a promise rejection a template left unhandled as an error naming the app and template', async () => {
    const source = await sourceWith('rejecter', 'void Promise.reject(new Error("forgotten"));');
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /✗ a problem in the source repository:\nconfig\/apps\.yaml:\d+:\d+ apps\[1\]: app "bad" \(template "rejecter"\): build\(\) left a promise rejection unhandled: forgotten/);
    assert.deepEqual(await readTree(out), before);
  });

  it('reports a template that runs out of memory as an error naming the app and template', async () => {
    const source = await sourceWith('hog', 'const hoard = []; for (;;) hoard.push(new Array(100_000).fill(hoard.length));');
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out], { env: { NODE_OPTIONS: '--max-old-space-size=256' }, deadlineMs: 120_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /app "bad" \(template "hog"\): build\(\) ran out of memory: templates share homelab's heap limit/);
    assert.deepEqual(await readTree(out), before);
  });

  it('fails the template, not the run, when it calls process.exit() while it is loaded', async () => {
    const source = await sourceWith('early', '', FLUX_YAML, 'process.exit(0);');
    const { out, before } = await previousOutput(source);
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /template "early" failed to load: loading called process\.exit\(0\)/);
    assert.deepEqual(await readTree(out), before);
  });

  const clustersYaml = (body: string) => `apiVersion: v1alpha1\nkind: HomelabClustersConfig\nclusters:\n${body}`;

  it('builds every cluster\'s apps in one worker, which loads each template once, cluster after cluster', async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: plain\n    id: good\n  - template: loud\n    id: bad\n'),
      'config/clusters.yaml': clustersYaml('  - name: one\n  - name: two\n  - name: three\n'),
      'templates/plain/index.ts': GOOD,
      'templates/loud/index.ts': template('loud', 'console.error(`building for ${app.cluster.name}`);', 'console.error("loading loud");'),
    });
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr.match(/loading loud/g)?.length, 1, run.stderr);
    assert.deepEqual(run.stderr.match(/building for \w+/g), ['building for one', 'building for two', 'building for three']);
    for (const cluster of ['one', 'two', 'three']) assert.ok((await readdir(path.join(out, cluster))).includes('bad'), cluster);
  });

  it('reports a template that hangs in one cluster and every other cluster\'s problems, each naming its cluster', async () => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}templates:\n  timeout: 2s\n`,
      'config/apps.yaml': appsYaml('  - template: plain\n    id: good\n  - template: waiter\n    id: stuck\n  - template: thrower\n    id: boom\n'),
      'config/clusters.yaml': clustersYaml('  - name: one\n    apps: [good, stuck]\n  - name: two\n    apps: [good]\n  - name: three\n    apps: [good, boom]\n'),
      'templates/plain/index.ts': GOOD,
      'templates/waiter/index.ts': template('waiter', 'for (;;) {}'),
      'templates/thrower/index.ts': template('thrower', 'throw new Error(`no ${app.cluster.name} for me`);'),
    });
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out], { deadlineMs: 45_000 });
    assert.equal(run.code, 1, run.stderr);
    // The worker stopped in cluster "one" is replaced: cluster "three" is still built and its problem told.
    assert.match(run.stderr, /apps\[1\]: cluster "one": app "stuck" \(template "waiter"\): build\(\) did not finish within 2s/);
    assert.match(run.stderr, /cluster "three": app "boom" \(template "thrower"\) failed to render: no three for me/);
    assert.doesNotMatch(run.stderr, /cluster "two"/);
    assert.deepEqual(await readdir(path.dirname(out)), []);
  });

  /** The example, its backup-operator chart given a transform with `body` (over `objects`, returning them). */
  async function exampleWithTransform(body: string): Promise<string> {
    const source = await exampleCopy();
    const file = path.join(source, 'templates/backup-operator/index.ts');
    const original = await readFile(file, 'utf8');
    const edited = original.replace('values: { replicaCount', `transform: (objects) => { ${body} }, values: { replicaCount`);
    assert.notEqual(edited, original);
    await writeFile(file, edited);
    return source;
  }

  it('runs a helmChart transform in the templates\' worker and keeps what it returns', async () => {
    const source = await exampleWithTransform("return objects.map((o) => o.kind === 'Deployment' ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, transformed: 'by-template' } } } : o);");
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 0, run.stderr);
    const tree = await readTree(path.join(out, 'backup-operator'));
    const deployments = Object.entries(tree).filter(([file]) => file.includes('deployment'));
    assert.equal(deployments.length, 1, Object.keys(tree).join(', '));
    assert.match(deployments[0]![1], /transformed: by-template/);
  });

  it('renders an edit of a helmChart transform\'s code, however often the render before it was repeated', async () => {
    // The transform runs in the Helm phase, and its code is not in what the worker built: no render memo for it.
    const source = await exampleWithTransform("return objects.map((o) => o.kind === 'Deployment' ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, transformed: 'first' } } } : o);");
    const deployment = async () => {
      const out = path.join(await tempDir(), 'out');
      const run = await cli(['generate-manifests', '--source', source, '--output', out]);
      assert.equal(run.code, 0, run.stderr);
      return Object.entries(await readTree(path.join(out, 'backup-operator'))).find(([file]) => file.includes('deployment'))![1];
    };
    for (let run = 0; run < 3; run++) assert.match(await deployment(), /transformed: first/);
    const file = path.join(source, 'templates/backup-operator/index.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace("transformed: 'first'", "transformed: 'second'"));
    assert.match(await deployment(), /transformed: second/);
  });

  it('runs each cluster\'s helmChart transforms in the one worker', async () => {
    const source = await exampleWithTransform("return objects.map((o) => o.kind === 'Deployment' ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, transformed: 'by-template' } } } : o);");
    await writeFile(path.join(source, 'config/clusters.yaml'), clustersYaml('  - name: home\n  - name: lab\n'));
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 0, run.stderr);
    for (const cluster of ['home', 'lab']) {
      const tree = await readTree(path.join(out, cluster, 'backup-operator'));
      const deployments = Object.entries(tree).filter(([file]) => file.includes('deployment'));
      assert.equal(deployments.length, 1, `${cluster}: ${Object.keys(tree).join(', ')}`);
      assert.match(deployments[0]![1], /transformed: by-template/, cluster);
    }
  });

  it('fails the app when a helmChart transform calls process.exit()', async () => {
    const source = await exampleWithTransform('process.exit(0); return objects;');
    const out = path.join(await tempDir(), 'out');
    const run = await cli(['generate-manifests', '--source', source, '--output', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /app "backup-operator" \(template "backup-operator"\): a helmChart transform failed: a helmChart transform called process\.exit\(0\)/);
    assert.deepEqual(await readdir(path.dirname(out)), []);
  });
});
