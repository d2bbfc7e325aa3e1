// The built-in `manifests` template against symlinks in the source repository, through the real CLI.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../support/run-cli.ts';
import { appsYaml, FLUX_YAML, sourceRepo, tempDir } from '../../support/source-repo.ts';
import { readTree } from '../../support/tree-snapshot.ts';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n';
const app = (paths: string) => appsYaml(`  - template: manifests\n    id: plain\n    options: { paths: [${paths}] }\n`);

describe('template manifests', () => {
  it('refuses a path, or a file inside a directory, that leads outside the source repository through a symlink', async () => {
    const outside = await tempDir('homelab-outside-');
    await writeFile(path.join(outside, 'stolen.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: stolen }\ndata: { key: from-outside }\n');
    for (const [paths, make] of [
      ['k8s', async (source: string) => symlink(path.join(outside, 'stolen.yaml'), path.join(source, 'k8s', 'stolen.yaml'))],
      ['k8s', async (source: string) => symlink(outside, path.join(source, 'k8s', 'vendor'))],
      ['linked', async (source: string) => symlink(outside, path.join(source, 'linked'))],
      ['k8s/one.yaml', async (source: string) => symlink(path.join(outside, 'stolen.yaml'), path.join(source, 'k8s', 'one.yaml'))],
    ] as const) {
      const source = await sourceRepo({ 'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [plain]\n`, 'config/apps.yaml': app(paths), 'k8s/configmap.yaml': CONFIGMAP });
      await make(source);
      const run = await runCli('validate --source', source);
      assert.equal(run.code, 1, `${paths}: ${run.stderr}`);
      assert.match(run.stderr, /leads outside the source repository through a symlink \(to ".*homelab-outside-.*"\); templates may only read files inside it/);
      assert.doesNotMatch(run.stderr + run.stdout, /from-outside/);
    }
  });

  it('follows symlinks that stay inside the source repository', async () => {
    const source = await sourceRepo({ 'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [plain]\n`, 'config/apps.yaml': app('k8s'), 'shared/configmap.yaml': CONFIGMAP });
    await mkdir(path.join(source, 'k8s'));
    await symlink('../shared', path.join(source, 'k8s', 'shared'));
    const out = path.join(await tempDir(), 'out');
    const run = await runCli('generate-manifests --source', source, '--output', out);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(Object.keys(await readTree(out)).filter((file) => file.startsWith('plain/')), ['plain/11-configmap-settings.yaml']);
  });

  it('reports symlink loops as loops, not as missing files', async () => {
    const cases: [string, (source: string) => Promise<void>, RegExp][] = [
      ['loop', async (source) => symlink('loop', path.join(source, 'loop')), /"loop" is a symlink loop: following its links never reaches a file or directory/],
      ['k8s', async (source) => symlink('.', path.join(source, 'k8s', 'again')), /symlink loop: "k8s\/again" leads back to "k8s", which contains it/],
      ['k8s', async (source) => symlink('x.yaml', path.join(source, 'k8s', 'x.yaml')), /"k8s\/x\.yaml" is a symlink loop/],
    ];
    for (const [paths, make, expected] of cases) {
      const source = await sourceRepo({ 'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [plain]\n`, 'config/apps.yaml': app(paths), 'k8s/configmap.yaml': CONFIGMAP });
      await make(source);
      const run = await runCli('validate --source', source);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, expected);
      assert.doesNotMatch(run.stderr, /not found/);
    }
  });
});
