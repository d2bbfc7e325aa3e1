import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/run-cli.ts';
import { exampleCopy, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = path.join(root, 'example');


/**
 * The example with the backup operator's Deployment broken the way a user might: `replicas: two`, in the vendored
 * YAML or, where the operator comes from a Helm chart, in the values its template passes.
 */
async function brokenExample(): Promise<string> {
  const source = await exampleCopy();
  const edits: [string, string, string][] = [
    ['assets/backup-operator/operator.yaml', 'replicas: 1\n', 'replicas: two\n'],
    ['templates/backup-operator/index.ts', 'replicaCount: app.options.replicas', "replicaCount: 'two'"],
  ];
  for (const [file, from, to] of edits) {
    const text = await readFile(path.join(source, file), 'utf8').catch(() => undefined);
    if (text?.includes(from)) {
      await writeFile(path.join(source, file), text.replace(from, to));
      return source;
    }
  }
  throw new Error('the example has no backup-operator Deployment to break: update brokenExample()');
}

const BROKEN_LINE = /^backup-operator: Deployment\/backup-system\/([\w-]+) \(backup-operator\/29-deployment-\1\.yaml\) spec\.replicas: expected integer, got "two"$/;

describe('homelab validate', () => {
  it('passes the example', async () => {
    const run = await runCli('validate --source', example);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ 6 apps \(\d+ objects\) valid for Kubernetes 1\.34\n$/);
    assert.equal(run.stdout, '');
  });

  it('shows the app, object, file and field of a broken Deployment in the example in one line', async () => {
    const run = await runCli('validate --source', await brokenExample());
    assert.equal(run.code, 1);
    const lines = run.stderr.split('\n');
    assert.equal(lines[1], '✗ a problem in the source repository:');
    assert.match(lines[2]!, BROKEN_LINE);
    assert.equal(lines.length, 4, run.stderr);
  });

  it('prints the result and the problems as JSON with --json', async () => {
    const ok = await runCli('validate --json --source', example);
    assert.equal(ok.code, 0);
    const result = JSON.parse(ok.stdout);
    assert.equal(result.valid, true);
    assert.equal(result.kubeVersion, '1.34');
    assert.deepEqual(result.apps.map((app: { id: string }) => app.id), ['backup-operator', 'postgres', 'blog', 'podinfo-blue', 'podinfo-green', 'debug-tools']);

    const bad = await runCli('validate --json --source', await brokenExample());
    assert.equal(bad.code, 1);
    const { valid, problems } = JSON.parse(bad.stdout);
    assert.equal(valid, false);
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.deepEqual({ ...problem, object: undefined, file: undefined }, { app: 'backup-operator', path: 'spec.replicas', message: 'expected integer, got "two"', object: undefined, file: undefined });
    assert.match(problem.object, /^Deployment\/backup-system\/[\w-]+$/);
    assert.match(problem.file, /^backup-operator\/29-deployment-[\w-]+\.yaml$/);
  });

  it('makes generate-manifests write nothing when a check fails', async () => {
    const out = path.join(await tempDir(), 'out');
    assert.equal((await runCli('generate-manifests --source', example, '--output', out)).code, 0);
    const before = await readTree(out);
    const run = await runCli('generate-manifests --source', await brokenExample(), '--output', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /spec\.replicas: expected integer, got "two"/);
    assert.deepEqual(await readTree(out), before);
  });
});
