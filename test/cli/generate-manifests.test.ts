import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testEnv } from '../support/env.ts';
import { appsYaml, FLUX_YAML, exampleCopy, sourceRepo, tempDir } from '../support/source-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { readTree } from '../support/tree-snapshot.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = path.join(root, 'example');


describe('homelab generate-manifests', () => {
  it('renders the example into the documented layout', async () => {
    const out = path.join(await tempDir(), 'out');
    const run = await runCli('generate-manifests --source', example, '--output', out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ wrote 6 apps \(\d+ objects\), 1 CRD and 6 Flux Kustomizations to ".*out"/);
    assert.deepEqual((await readdir(out)).sort(), [
      '.homelab-generated', 'backup-operator', 'blog', 'crds', 'debug-tools', 'flux', 'flux-bootstrap', 'podinfo-blue', 'podinfo-green', 'postgres',
    ]);
    assert.deepEqual((await readdir(path.join(out, 'flux'))).sort(), [
      'backup-operator.yaml', 'blog.yaml', 'crds.yaml', 'podinfo-blue.yaml', 'podinfo-green.yaml', 'postgres.yaml',
    ]);
  });

  it('gives byte-identical output on every run', async () => {
    const base = await tempDir();
    await runCli('generate-manifests --source', example, '--output', path.join(base, 'one'));
    await runCli('generate-manifests --source', example, '--output', path.join(base, 'two'));
    await runCli('generate-manifests --source', example, '--output', path.join(base, 'two'));
    assert.deepEqual(await readTree(path.join(base, 'one')), await readTree(path.join(base, 'two')));
  });

  it('leaves the previous output byte-identical when the render fails', async () => {
    const source = await exampleCopy();
    const out = path.join(await tempDir(), 'out');
    assert.equal((await runCli('generate-manifests --source', source, '--output', out)).code, 0);
    const before = await readTree(out);
    // A template that throws halfway through the render.
    await cp(path.join(root, 'test/fixtures/throwing-template.ts'), path.join(source, 'templates/postgres/index.ts'));
    const run = await runCli('generate-manifests --source', source, '--output', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ a problem in the source repository:\ntemplates\/postgres\/index\.ts:\d+:\d+ apps\[1\]: app "postgres" \(template "postgres"\) failed to render: disk full/);
    assert.deepEqual(await readTree(out), before);
    assert.deepEqual(await readdir(path.dirname(out)), ['out'], 'no temp directories left behind');
  });

  it('leaves the output untouched for every kind of bad config', async () => {
    const out = path.join(await tempDir(), 'out');
    assert.equal((await runCli('generate-manifests --source', example, '--output', out)).code, 0);
    const before = await readTree(out);
    const cases: Record<string, RegExp> = {
      'apiVersion: v1alpha1\nkind: HomelabAppsConfig\napps: [': /config\/apps\.yaml:\d+:\d+: invalid YAML/,
      '': /config\/apps\.yaml: the file is empty/,
      [appsYaml('  - template: web-ap\n')]: /unknown template "web-ap"; did you mean "web-app"\?/,
      [appsYaml('  - template: web-app\n    options: { image: x, replicas: two }\n')]: /apps\[0\]\.options\.replicas: expected number, got "two"/,
      [appsYaml('  - template: a\n    dependencies: [b]\n  - template: b\n    dependencies: [a]\n')]: /dependency cycle: a -> b -> a/,
    };
    for (const [apps, expected] of Object.entries(cases)) {
      const source = await sourceRepo({ 'config/apps.yaml': apps });
      const run = await runCli('generate-manifests --source', source, '--output', out);
      assert.equal(run.code, 1, apps);
      assert.match(run.stderr, expected);
      assert.deepEqual(await readTree(out), before, apps);
    }
  });

  it('removes the files of an app that left the config', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: a\n    options: { image: x }\n  - template: web-app\n    id: b\n    options: { image: x }\n') });
    const out = path.join(await tempDir(), 'out');
    await runCli('generate-manifests --source', source, '--output', out);
    assert.ok(Object.keys(await readTree(out)).includes('b/29-deployment-b.yaml'));
    const smaller = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: a\n    options: { image: x }\n') });
    await runCli('generate-manifests --source', smaller, '--output', out);
    const files = Object.keys(await readTree(out));
    assert.equal(files.some((f) => f.startsWith('b/') || f === 'flux/b.yaml'), false, files.join(' '));
  });

  it('--filter rewrites only the named apps and keeps the app-of-apps complete', async () => {
    const out = path.join(await tempDir(), 'out');
    const v1 = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: a\n    options: { image: a:1 }\n  - template: web-app\n    id: b\n    options: { image: b:1 }\n') });
    await runCli('generate-manifests --source', v1, '--output', out);
    const v2 = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: a\n    options: { image: a:2 }\n  - template: web-app\n    id: b\n    options: { image: b:2 }\n  - template: web-app\n    id: c\n    options: { image: c:2 }\n') });
    const run = await runCli('generate-manifests --source', v2, '--output', out, '--filter', 'b');
    assert.equal(run.code, 0, run.stderr);
    const tree = await readTree(out);
    assert.match(tree['a/29-deployment-a.yaml']!, /image: a:1/, 'a was not named, so it keeps its old render');
    assert.match(tree['b/29-deployment-b.yaml']!, /image: b:2/);
    assert.equal(Object.keys(tree).some((f) => f.startsWith('c/')), false, 'c was not named');
    assert.deepEqual(Object.keys(tree).filter((f) => f.startsWith('flux/')), ['flux/a.yaml', 'flux/b.yaml', 'flux/c.yaml']);
  });

  it('--filter rejects an unknown app id and suggests one', async () => {
    const run = await runCli('generate-manifests --source', example, '--output', path.join(await tempDir(), 'o'), '--filter', 'podinfo-blu');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ --filter "podinfo-blu" is not an app in config\/apps\.yaml; did you mean "podinfo-blue"\?/);
  });

  it('the installed bin (compiled, as users run it) renders the example exactly as the library does', async () => {
    const base = await tempDir();
    await promisify(execFile)(process.execPath, [path.join(root, 'bin/homelab.js'), 'generate-manifests', '--source', example, '--output', path.join(base, 'bin')], { env: testEnv() });
    await runCli('generate-manifests --source', example, '--output', path.join(base, 'library'));
    const fromBin = await readTree(path.join(base, 'bin'));
    assert.ok(Object.keys(fromBin).includes('postgres/90-backup-postgres-nightly.yaml'), 'user templates ran');
    assert.deepEqual(fromBin, await readTree(path.join(base, 'library')));
  });

  it('the installed bin exits non-zero with the error on stderr', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: nope\n') });
    const error = await promisify(execFile)(process.execPath, [path.join(root, 'bin/homelab.js'), 'generate-manifests', '--source', source, '--output', path.join(source, 'out')], { env: testEnv() })
      .then(() => undefined, (e: { code: number; stderr: string }) => e);
    assert.ok(error, 'expected a failure');
    assert.equal(error.code, 1);
    assert.match(error.stderr, /config\/apps\.yaml:4:15 apps\[0\]\.template: unknown template "nope"/);
  });

  it('refuses --output . in a source repository of config/ and plain YAML, and changes nothing', async () => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [plain]\n`,
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: plain\n    options: { paths: [k8s] }\n'),
      'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n',
    });
    const before = await readTree(source);
    const run = await runCli('generate-manifests --source', source, '--output', source);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /✗ --output ".*" is the source repository itself, which holds config\/ and templates\/; choose a directory of its own/);
    assert.deepEqual(await readTree(source), before);
  });

  it('refuses an output around the source repository or on what its render reads, and keeps ./manifests inside it working', async () => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [plain]\n`,
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: plain\n    options: { paths: [deploy/k8s] }\n'),
      'deploy/k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n',
    });
    const before = await readTree(source);
    const cases: [string, RegExp][] = [
      [path.dirname(source), /contains the source repository/],
      [path.join(source, 'config', 'out'), /lies inside "config", which the render reads/],
      [path.join(source, 'templates'), /lies inside "templates", which the render reads/],
      [path.join(source, 'deploy', 'k8s', 'generated'), /lies inside "deploy\/k8s", which the render reads/],
      [path.join(source, 'deploy'), /contains "deploy\/k8s", which the render reads/],
    ];
    for (const [output, expected] of cases) {
      const run = await runCli('generate-manifests --source', source, '--output', output);
      assert.equal(run.code, 1, `${output}: ${run.stderr}`);
      assert.match(run.stderr, expected);
      assert.deepEqual(await readTree(source), before, output);
    }
    const inside = await runCli('generate-manifests --source', source, '--output', path.join(source, 'manifests'));
    assert.equal(inside.code, 0, inside.stderr);
    assert.ok(Object.keys(await readTree(path.join(source, 'manifests'))).some((file) => file.startsWith('plain/')), 'the app was rendered');
    assert.ok((await readdir(path.join(source, 'manifests'))).includes('.homelab-generated'));
  });
});
