// homelab status against a real kube-apiserver with the real Flux controllers reconciling the published example:
// an app held unready is shown blocked with Flux's own message and its dependents waiting; --watch prints again
// when the hold is lifted; then every app is Ready, each revision mapped to the source commit it came from.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StatusReport } from '../../src/status/app-status.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { git } from '../support/git-repos.ts';
import { runCliLive, runCliWith } from '../support/run-cli.ts';
import { tempDir } from '../support/source-repo.ts';
import { connectFlux, editFile, exampleSource, HOLD_TAINT, postgresVolume, publishExample, type ExampleSource } from '../e2e/example-deployment.ts';
import { kustomizations, pollKustomizations, type KustomizationState } from '../e2e/flux-state.ts';

let cluster: Cluster;
let server: GitServer;
let source: ExampleSource;
let published: { revision: string; sourceCommit: string; startedAt: number };
let env: NodeJS.ProcessEnv;

const status = async (...args: string[]) => runCliWith(env, 'status --source', source.dir, ...args);
const byId = (report: StatusReport) => new Map(report.apps.map((app) => [app.id, app]));

before(
  async () => {
    // Dependents are re-checked every 2 s instead of Flux's default 30 s, to keep the test short.
    cluster = await startCluster({ fluxControllerArgs: { 'kustomize-controller': ['--requeue-dependency=2s'] } });
    server = await startGitServer();
    source = await exampleSource(server);
    // homelab reads the kubeconfig kubectl would: here, only the test cluster's.
    env = { KUBECONFIG: cluster.kubeconfigPath, HOME: await tempDir() };
    await postgresVolume(cluster);
    // Every pod stays Pending, so backup-operator (wait: true) cannot become healthy until the hold is lifted.
    await cluster.kubectl(['taint', 'node', 'kwok-node-0', HOLD_TAINT]);
    published = await publishExample(cluster, server, source, 'Deploy the example');
    await connectFlux(cluster, server, source);
  },
  { timeout: 300_000 },
);

after(async () => {
  await cluster?.stop();
  await server?.close();
});

describe('homelab status against the real Flux controllers', { timeout: 600_000 }, () => {
  it('shows the app held unready with Flux\'s message, and the apps waiting for it with what blocks them', async () => {
    await pollKustomizations(
      cluster,
      // postgres first waits for crds too: wait until Flux has retried it and names backup-operator.
      (s) => s.get('crds')?.ready === 'True' && s.get('podinfo-blue')?.ready === 'True' && s.get('podinfo-green')?.ready === 'True' &&
        s.get('postgres')?.reason === 'DependencyNotReady' && /backup-operator/.test(s.get('postgres')?.message ?? '') &&
        s.get('blog')?.reason === 'DependencyNotReady',
      { timeoutMs: 300_000, what: 'crds and podinfo Ready, postgres held back by backup-operator and blog by postgres' },
    );
    const before = await kustomizations(cluster);
    const { code, stdout, stderr } = await status('--json');
    const afterwards = await kustomizations(cluster);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout) as StatusReport;
    const apps = byId(report);
    assert.equal(report.context, 'homelab-test');
    assert.equal(report.allReady, false);

    // Flux's own words for backup-operator, from one of the two readings around ours (Flux may have moved between).
    const operator = apps.get('backup-operator')!;
    const seen = [before.get('backup-operator')!, afterwards.get('backup-operator')!];
    assert.notEqual(operator.state, 'ready');
    assert.ok(seen.some((k) => k.message === operator.message && k.reason === operator.reason && k.ready === operator.ready), `${operator.reason}: ${operator.message} is what Flux said (${seen.map((k) => `${k.reason}: ${k.message}`).join(' | ')})`);
    assert.equal(operator.state, operator.ready === 'False' ? 'failing' : 'progressing');
    assert.deepEqual(operator.blockedBy, []);

    const postgres = apps.get('postgres')!;
    assert.equal(postgres.state, 'waiting');
    assert.deepEqual(postgres.blockedBy, ['backup-operator']);
    // Flux's own words name the dependency it found not ready at its last attempt: crds flips to Unknown for a moment
    // at each of its own reconciles, so either may be named; what blocks postgres is homelab's to say (blockedBy).
    assert.match(postgres.message ?? '', /dependency 'flux-system\/(backup-operator|crds)' is not ready/);
    const blog = apps.get('blog')!;
    assert.equal(blog.state, 'waiting');
    assert.deepEqual(blog.blockedBy, ['postgres']);
    assert.deepEqual(blog.rootCause, ['backup-operator']);

    for (const id of ['crds', 'podinfo-blue', 'podinfo-green']) assert.equal(apps.get(id)!.state, 'ready', id);
    assert.equal(apps.get('crds')!.revision, published.revision);
    assert.equal(apps.get('crds')!.inventory, 1);
    assert.equal(apps.get('debug-tools')!.state, 'manual');
    assert.equal(report.appOfApps?.state, 'ready');
    assert.equal(report.source?.revision, published.revision);

    // The table for people says the same.
    const table = await status();
    assert.equal(table.code, 1);
    assert.match(table.stdout, /^APP\s+READY\s+STATE\s+REVISION\s+APPLIED\s+OBJECTS\s+BLOCKED BY\s+MESSAGE$/m);
    assert.match(table.stdout, /^postgres\s+False\s+waiting\s+-\s+-\s+-\s+backup-operator\s+dependency 'flux-system\/(backup-operator|crds)' is not ready$/m);
    assert.match(table.stdout, /^blog\s+False\s+waiting\s+.*postgres \(← backup-operator\)/m);
    assert.match(table.stderr, /⚠ 3 of 6 apps not Ready in context "homelab-test" \((failing|progressing): backup-operator; waiting: postgres, blog\)/);
  });

  it('--watch prints again as the apps become Ready once the hold is lifted', async () => {
    const controller = new AbortController();
    const reports: StatusReport[] = [];
    let buffered = '';
    let release: (() => void) | undefined;
    const allReady = new Promise<void>((resolve) => (release = resolve));
    const watching = runCliLive({
      env,
      signal: controller.signal,
      onStdout: (text: string) => {
        buffered += text;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines.filter(Boolean)) {
          reports.push(JSON.parse(line) as StatusReport);
          if (reports.at(-1)!.allReady) release!();
        }
      },
    }, 'status --watch --json --source', source.dir);
    const deadline = Date.now() + 60_000;
    while (reports.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reports[0]?.allReady, false, 'the first report shows the hold');

    await cluster.kubectl(['taint', 'node', 'kwok-node-0', `${HOLD_TAINT}-`]);
    const timeout = setTimeout(() => controller.abort(), 240_000);
    await Promise.race([allReady, new Promise((resolve) => controller.signal.addEventListener('abort', resolve))]);
    clearTimeout(timeout);
    controller.abort();
    const { code, stderr } = await watching;
    assert.equal(code, 0, `the last report is all Ready; ${reports.length} reports:\n${stderr}`);
    assert.ok(reports.length >= 3, `one report per change (${reports.length})`);
    // Each report differs from the one before in what an app is, shows or waits for: nothing is printed twice.
    for (let i = 1; i < reports.length; i++) assert.notEqual(strip(reports[i]!), strip(reports[i - 1]!), `report ${i} repeats the one before`);
    // The dependents became Ready after what they wait for.
    const firstReady = (id: string) => reports.findIndex((r) => byId(r).get(id)?.state === 'ready');
    assert.ok(firstReady('backup-operator') <= firstReady('postgres') && firstReady('postgres') <= firstReady('blog'));
    assert.match(stderr, /✔ \d\d:\d\d:\d\d all 6 apps are Ready in context "homelab-test"/);
  });

  it('shows every app Ready, each revision mapped to its source commit through a manifests clone (exit 0)', async () => {
    const clone = path.join(await tempDir(), 'manifests');
    await git(['clone', '--quiet', source.bare, clone]);
    const { code, stdout, stderr } = await status('--repo', clone, '--json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as StatusReport;
    assert.equal(report.allReady, true);
    for (const app of report.apps.filter((a) => a.state !== 'manual')) {
      assert.equal(app.state, 'ready', app.id);
      assert.equal(app.revision, published.revision, app.id);
      assert.equal(app.sourceCommit, published.sourceCommit, app.id);
      assert.ok(app.inventory! > 0, app.id);
      // Flux's history says when this revision went live: after it was published, before now.
      const applied = Date.parse(app.appliedAt ?? '');
      assert.ok(applied >= Math.floor(published.startedAt / 1000) * 1000 && applied <= Date.now(), `${app.id} applied at ${app.appliedAt}`);
    }
    const table = await status('--repo', clone);
    assert.equal(table.code, 0);
    assert.match(table.stdout, new RegExp(`^blog\\s+True\\s+ready\\s+main@sha1:${published.revision.slice(10, 17)}\\s+${published.sourceCommit.slice(0, 7)}\\s+\\d+[smhd]\\s+5\\s+-\\s+Applied revision: ${published.revision}$`, 'm'));
    assert.match(table.stderr, /✔ all 6 apps are Ready in context "homelab-test"/);
  });

  it('names apps of the config that the cluster does not have, and Kustomizations the config no longer has', async () => {
    // Not published: the config now differs from what Flux runs.
    await editFile(source.dir, 'config/apps.yaml', (text) =>
      text.replace('  - template: web-app\n    id: podinfo-green\n', '  - template: web-app\n    id: podinfo-red\n'));
    const { code, stdout } = await status('--json');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as StatusReport;
    assert.equal(byId(report).get('podinfo-red')?.state, 'missing');
    assert.deepEqual(report.orphaned.map((k) => [k.id, k.state, k.ready]), [['podinfo-green', 'orphaned', 'True']]);
    const snapshot: Map<string, KustomizationState> = await kustomizations(cluster);
    assert.ok(snapshot.has('podinfo-green') && !snapshot.has('podinfo-red'));
  });
});

/** A report without its clock-dependent fields, and without what a routine reconcile flips on a Ready app. */
function strip(report: StatusReport): string {
  const steady = (app: StatusReport['apps'][number]) => (app.state === 'ready' ? { ...app, ready: undefined, reason: undefined, message: undefined } : app);
  return JSON.stringify({ ...report, apps: report.apps.map(steady), appOfApps: report.appOfApps && steady(report.appOfApps) }, (key, value: unknown) =>
    key === 'since' || key === 'appliedAt' ? undefined : value);
}
