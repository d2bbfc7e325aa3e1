import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/process/run.ts';
import { hostEnv } from '../support/env.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const APPS = appsYaml('  - template: web-app\n    id: blog\n    options: { image: "nginx:1" }\n');

async function generated(source: string): Promise<string> {
  const out = path.join(await tempDir(), 'out');
  const run = await runCli('generate-manifests --source', source, '--output', out);
  assert.equal(run.code, 0, run.stderr);
  return out;
}

describe('homelab diff', () => {
  it('exits 0 and says so when nothing changed', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const run = await runCli('diff --source', source, '--against', await generated(source));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\nno changes\nnoise filters: /);
    assert.match(run.stderr, /✔ no changes\n$/);
  });

  it('exits 1 and shows the change, per app and object', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const out = await generated(source);
    await writeFile(path.join(source, 'config/apps.yaml'), APPS.replace('nginx:1', 'nginx:2'));
    const run = await runCli('diff --source', source, '--against', out);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /\nblog: 1 changed\n~ Deployment\/blog\/blog \(blog\/29-deployment-blog\.yaml\)\n/);
    assert.match(run.stdout, /-\s+image: nginx:1\n\s+\+\s+image: nginx:2\n/);
    assert.match(run.stderr, /✔ 1 app differ: 0 added, 1 changed, 0 removed\n$/);
  });

  it('writes markdown and json on stdout', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const out = await generated(source);
    await writeFile(path.join(source, 'config/apps.yaml'), APPS.replace('nginx:1', 'nginx:2'));
    const markdown = await runCli('diff --format markdown --source', source, '--against', out);
    assert.equal(markdown.code, 1);
    assert.match(markdown.stdout, /^### homelab diff\n[^]*\| `blog` \| 0 \| 1 \| 0 \|[^]*<details><summary><b>blog<\/b>: 1 changed<\/summary>/);
    const json = await runCli('diff --format json --source', source, '--against', out);
    assert.equal(JSON.parse(json.stdout).totals.changed, 1);
  });

  it('compares with <appsPath>/ at a ref of a manifests repo clone', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const repo = await tempDir('homelab-manifests-');
    const git = (...args: string[]) => run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { env: hostEnv() });
    await git('init', '-q', '-b', 'main');
    assert.equal((await runCli('generate-manifests --source', source, '--output', path.join(repo, 'apps'))).code, 0);
    await git('add', '.');
    await git('commit', '-q', '-m', 'render');
    assert.equal((await runCli('diff --against main --source', source, '--repo', repo)).code, 0);
    await writeFile(path.join(source, 'config/apps.yaml'), APPS.replace('id: blog', 'id: shop'));
    const changed = await runCli('diff --against main --source', source, '--repo', repo);
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, /^comparing the render with apps\/ at "main" \([0-9a-f]{7}\) of /);
    assert.match(changed.stdout, /\nblog: 4 removed\n/);
    assert.match(changed.stdout, /\nshop: 4 added\n/);
  });

  it('exits 2 with a clear error for a missing directory or an unknown ref', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const missing = path.join(await tempDir(), 'nope');
    const run = await runCli('diff --source', source, '--against', missing, '--repo', await tempDir());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /✗ --against ".*nope" is neither a directory nor a git ref: ".*" is not a git repository/);
    assert.equal(run.stdout, '');
  });

  it('exits 2 when the render is invalid, and for usage errors', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const out = await generated(source);
    await writeFile(path.join(source, 'config/apps.yaml'), `${await readFile(path.join(source, 'config/apps.yaml'), 'utf8')}  - template: nope\n`);
    assert.equal((await runCli('diff --source', source, '--against', out)).code, 2);
    assert.equal((await runCli('diff --source', source)).code, 2);
    assert.equal((await runCli('diff --format html --source', source, '--against', out)).code, 2);
  });

  it('takes extra noise filters, or none', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    const out = await generated(source);
    const file = path.join(out, 'blog/29-deployment-blog.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  labels:\n', '  labels:\n    helm.sh/chart: blog-1.0.0\n    team: a\n'));
    assert.equal((await runCli('diff --source', source, '--against', out, '--ignore-label', 'team')).code, 0);
    const none = await runCli('diff --no-default-filters --source', source, '--against', out);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /noise filters: none; Secret values masked/);
  });
});
