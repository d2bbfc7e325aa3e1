// Issue 13 item 7: the per-app Flux options of config/apps.yaml do under the real kustomize-controller what the
// README says: postBuild substitution (inline and from a ConfigMap), health checks in the app's namespace, force
// (an immutable Job field changed), deletionPolicy Orphan (objects kept when the app is removed) and suspend.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { git } from '../support/git-repos.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';
import { connectFlux, editFile, publishExample, type ExampleSource } from './example-deployment.ts';
import { allReadyAt, pollKustomizations } from './flux-state.ts';

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;
const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: ${data}\n`;
const job = (step: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - { name: migrate, image: busybox:1.36, command: [sh, -c, "echo ${step}"] }
`;

const APPS = `  - template: manifests
    id: vars
    options: { paths: [manifests/vars] }
    flux:
      postBuild:
        substitute: { GREETING: hello }
        substituteFrom: [{ kind: ConfigMap, name: cluster-vars }]
      healthChecks: [{ apiVersion: v1, kind: ConfigMap, name: greeting }]
  - template: manifests
    id: forced
    options: { paths: [manifests/forced] }
    flux: { force: true }
  - template: manifests
    id: unforced
    options: { paths: [manifests/unforced] }
  - template: manifests
    id: kept
    options: { paths: [manifests/kept] }
    flux: { deletionPolicy: Orphan }
  - template: manifests
    id: paused
    options: { paths: [manifests/paused] }
    flux: { suspend: true }
`;

let cluster: Cluster;
let server: GitServer;
let source: ExampleSource;

const exists = async (args: readonly string[]): Promise<boolean> =>
  cluster.kubectl(['get', ...args, '--ignore-not-found', '-o', 'name']).then(({ stdout }) => stdout.trim() !== '');
const jsonOf = async <T>(args: readonly string[]): Promise<T> => JSON.parse((await cluster.kubectl([...args, '-o', 'json'])).stdout) as T;

before(
  async () => {
    [cluster, server] = await Promise.all([startCluster(), startGitServer()]);
    const bare = await server.createBareRepo('manifests.git');
    const dir = await sourceRepo({
      'config/flux.yaml': `apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: ${server.url('manifests.git')}\ninterval: 10s\n`,
      'config/apps.yaml': appsYaml(APPS),
      'manifests/vars/namespace.yaml': namespace('vars'),
      'manifests/vars/greeting.yaml': configMap('greeting', '{ greeting: "${GREETING}", domain: "${DOMAIN}" }'),
      'manifests/forced/namespace.yaml': namespace('forced'),
      'manifests/forced/job.yaml': job('v1'),
      'manifests/unforced/namespace.yaml': namespace('unforced'),
      'manifests/unforced/job.yaml': job('v1'),
      'manifests/kept/namespace.yaml': namespace('kept'),
      'manifests/kept/kept.yaml': configMap('kept', '{ a: b }'),
      'manifests/paused/namespace.yaml': namespace('paused'),
      'manifests/paused/paused.yaml': configMap('paused', '{ a: b }'),
    });
    await git(['init', '--quiet', '--initial-branch=main', dir]);
    source = { dir, bare };
  },
  { timeout: 300_000 },
);

after(async () => {
  await cluster?.stop();
  await server?.close();
});

describe('per-app Flux options under the real kustomize-controller', { timeout: 600_000 }, () => {
  it('substitutes variables, checks health in the app\'s namespace, and leaves a suspended app alone', async () => {
    // The ConfigMap substituteFrom names, in flux-system, as a cluster's own settings would be.
    await cluster.apply(`${namespace('flux-system')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cluster-vars, namespace: flux-system }\ndata: { DOMAIN: home.arpa }\n`);
    const { revision } = await publishExample(cluster, server, source, 'Apps with Flux options');
    await connectFlux(cluster, server, source);
    await pollKustomizations(cluster, allReadyAt(['flux', 'vars', 'forced', 'unforced', 'kept'], revision), { timeoutMs: 180_000, what: 'every app but the suspended one Ready' });

    const greeting = await jsonOf<{ data: Record<string, string> }>(['get', 'configmap', 'greeting', '--namespace=vars']);
    assert.deepEqual(greeting.data, { greeting: 'hello', domain: 'home.arpa' });
    const vars = await jsonOf<{ spec: { healthChecks: { namespace: string }[] } }>(['get', 'kustomization', 'vars', '--namespace=flux-system']);
    assert.equal(vars.spec.healthChecks[0]!.namespace, 'vars');

    const paused = await jsonOf<{ spec: { suspend: boolean }; status?: { lastAppliedRevision?: string } }>(['get', 'kustomization', 'paused', '--namespace=flux-system']);
    assert.equal(paused.spec.suspend, true);
    assert.equal(paused.status?.lastAppliedRevision, undefined, 'a suspended app is never applied');
    assert.equal(await exists(['namespace', 'paused']), false);
  });

  it('recreates a Job whose template changed only with force, and keeps the objects of a removed Orphan app', async () => {
    for (const app of ['forced', 'unforced']) await editFile(source.dir, `manifests/${app}/job.yaml`, (text) => text.replace('echo v1', 'echo v2'));
    await editFile(source.dir, 'config/apps.yaml', (text) => text.replace(/  - template: manifests\n    id: kept\n(    .*\n)*?(?=  - )/, ''));
    const { revision } = await publishExample(cluster, server, source, 'Change the Jobs, remove kept');

    const after = await pollKustomizations(
      cluster,
      (s) => allReadyAt(['flux', 'vars', 'forced'], revision)(s) && !s.has('kept') && s.get('unforced')?.ready === 'False' && /immutable/.test(s.get('unforced')!.message),
      { timeoutMs: 180_000, what: 'forced Ready at the new revision, unforced failing on the immutable field, kept gone' },
    );
    assert.match(after.get('unforced')!.message, /Job\/unforced\/migrate.*immutable/s);

    const command = async (ns: string) => (await jsonOf<{ spec: { template: { spec: { containers: { command: string[] }[] } } } }>(['get', 'job', 'migrate', `--namespace=${ns}`])).spec.template.spec.containers[0]!.command.join(' ');
    assert.equal(await command('forced'), 'sh -c echo v2', 'force deleted and re-created the Job');
    assert.equal(await command('unforced'), 'sh -c echo v1', 'without force the old Job stays');

    assert.equal(await exists(['configmap', 'kept', '--namespace=kept']), true, 'deletionPolicy: Orphan keeps the objects of a removed app');
  });
});
