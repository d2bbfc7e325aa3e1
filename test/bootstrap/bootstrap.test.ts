// `homelab bootstrap` against the real kube-apiserver, the real Flux controllers and the real flux CLI (behind a
// wrapper on PATH that records its argv), with the manifests repo on the real git server.
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { createRuntime } from '../../src/cli/runtime.ts';
import { publishSource } from '../../src/pipeline/publish.ts';
import { freePort, startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, git, testGitEnv } from '../support/git-repos.ts';
import { findSecret } from '../support/secret-scan.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';
import { toolPath } from '../support/tools.ts';

let cluster: Cluster;
let server: GitServer;
let bin: string;
let argvLog: string;
let repoUrl: string;
const outputs: string[] = [];

const HELLO = `  - template: web-app\n    id: hello\n    options: { image: ghcr.io/example/hello:1.0.0 }\n`;
const STUCK = `  - template: manifests\n    id: stuck\n    flux: { wait: true, timeout: 5s, retryInterval: 1h }\n    options: { paths: [stuck.yaml] }\n`;
const STUCK_YAML = `apiVersion: v1
kind: Namespace
metadata: { name: stuck }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: stuck, namespace: stuck }
spec:
  selector: { matchLabels: { app: stuck } }
  template:
    metadata: { labels: { app: stuck } }
    spec:
      nodeSelector: { homelab.test/no-such-node: "true" }
      containers: [{ name: app, image: registry.invalid/stuck:1.0.0 }]
`;

function fluxYaml(overrides: { repo?: string; branch?: string; extra?: string } = {}): string {
  return `apiVersion: v1alpha1
kind: HomelabFluxConfig
repo: ${overrides.repo ?? repoUrl}
branch: ${overrides.branch ?? 'main'}
path: clusters/test
appsPath: apps
interval: 10s
bootstrap:
  extraArgs: [--allow-insecure-http, "--components=source-controller,kustomize-controller", --timeout=2m]
${overrides.extra ?? ''}`;
}

/** The environment a person would have: the tools on PATH, KUBECONFIG, the token. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: `${bin}:/usr/bin:/bin`, HOME: path.dirname(bin), KUBECONFIG: cluster.kubeconfigPath, NO_PROXY: '127.0.0.1', HOMELAB_GIT_TOKEN: server.token, ...extra };
}

function terminal(answer: string): PassThrough & { isTTY: boolean } {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(answer);
  return stdin;
}

async function runBootstrap(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(['bootstrap', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? userEnv(),
    ...(options.stdin && { stdin: options.stdin }),
  });
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** Every argv the flux wrapper saw, one array per invocation. */
async function fluxCalls(): Promise<string[][]> {
  const text = await readFile(argvLog, 'utf8').catch(() => '');
  return text.split('\n\x1e\n').filter(Boolean).map((call) => call.split('\0').filter(Boolean));
}
const bootstrapCalls = async () => (await fluxCalls()).filter((argv) => argv[0] === 'bootstrap');

async function source(files: Record<string, string>): Promise<string> {
  const dir = await sourceRepo({ 'config/flux.yaml': fluxYaml(), 'config/apps.yaml': appsYaml(HELLO), ...files });
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  await commitFiles(dir, {}, 'Source');
  return dir;
}

async function publishFrom(dir: string): Promise<void> {
  const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...env } = await testGitEnv();
  const result = await publishSource({ source: dir }, createRuntime({ ...env, HOMELAB_GIT_TOKEN: server.token }));
  assert.ok(['published', 'up-to-date'].includes(result.status), result.status);
}

const gitRepository = async () =>
  cluster.kubectl(['get', 'gitrepository', 'flux-system', '--namespace=flux-system', '--ignore-not-found', '-o', 'json']).then(({ stdout }) =>
    stdout.trim() ? (JSON.parse(stdout) as { metadata: { resourceVersion: string }; spec: { url: string; ref: { branch: string } } }) : undefined,
  );

before(
  async () => {
    [cluster, server] = await Promise.all([startCluster(), startGitServer()]);
    await server.createBareRepo('fleet.git');
    repoUrl = server.url('fleet.git');
    bin = path.join(await tempDir('homelab-bootstrap-bin-'), 'bin');
    await mkdir(bin);
    argvLog = path.join(bin, '..', 'flux-argv.log');
    await symlink(toolPath('kubectl'), path.join(bin, 'kubectl'));
    // The real flux CLI, behind a wrapper that records every argument it is given.
    await writeFile(
      path.join(bin, 'flux'),
      `#!/bin/sh\nfor arg in "$@"; do printf '%s\\0' "$arg" >> '${argvLog}'; done\nprintf '\\n\\036\\n' >> '${argvLog}'\nexec '${toolPath('flux')}' "$@"\n`,
      { mode: 0o755 },
    );
  },
  { timeout: 300_000 },
);
after(async () => {
  await cluster?.stop();
  await server?.close();
});

describe('homelab bootstrap', { timeout: 600_000 }, () => {
  it('prints the flux bootstrap command for each kind of repository URL on --dry-run, the token only as a variable name', async () => {
    const cases: [string, RegExp, boolean][] = [
      ['https://github.com/me/fleet.git', /^GITHUB_TOKEN="\$HOMELAB_GIT_TOKEN" \S*flux bootstrap github --owner=me --repository=fleet --personal --branch=main --path=clusters\/test --silent /m, true],
      ['git@github.com:acme/fleet.git', /^GITHUB_TOKEN="\$HOMELAB_GIT_TOKEN" \S*flux bootstrap github --owner=acme --repository=fleet --branch=main /m, true],
      ['https://gitlab.com/team/infra/fleet', /^GITLAB_TOKEN="\$HOMELAB_GIT_TOKEN" \S*flux bootstrap gitlab --owner=team\/infra --repository=fleet --branch=main /m, true],
      ['https://git.example.com/me/fleet.git', /^GIT_PASSWORD="\$HOMELAB_GIT_TOKEN" \S*flux bootstrap git --url=https:\/\/git.example.com\/me\/fleet.git --token-auth --branch=main /m, true],
      ['git@git.example.com:me/fleet.git', /^\S*flux bootstrap git --url=ssh:\/\/git@git.example.com\/me\/fleet.git --branch=main --path=clusters\/test --silent /m, false],
    ];
    for (const [repo, expected, needsToken] of cases) {
      // acme is an organization: `personal: false` drops --personal.
      const flux = fluxYaml({ repo }).replace(/^bootstrap:\n/m, repo.includes('acme') ? 'bootstrap:\n  personal: false\n' : 'bootstrap:\n');
      const dir = await source({ 'config/flux.yaml': flux });
      const env = needsToken ? userEnv({ HOMELAB_FLUX: path.join(bin, 'flux') }) : userEnv({ HOMELAB_GIT_TOKEN: '' });
      const run = await runBootstrap(['--source', dir, '--dry-run'], { env });
      assert.equal(run.code, 0, `${repo}: ${run.stderr}`);
      assert.match(run.stdout, expected, repo);
      assert.match(run.stdout, /kubectl --request-timeout=15s apply --server-side --field-manager=homelab -f - < flux-bootstrap$/m);
      assert.doesNotMatch(run.stdout + run.stderr, new RegExp(server.token));
    }
    assert.deepEqual(await bootstrapCalls(), [], 'a dry run runs no flux bootstrap');
    assert.equal(await gitRepository(), undefined);
  });

  it('refuses without a token, naming the variable to set', async () => {
    const run = await runBootstrap(['--source', await source({}), '--yes'], { env: userEnv({ HOMELAB_GIT_TOKEN: undefined }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ no token for "http:\/\/127\.0\.0\.1:\d+\/fleet\.git": set HOMELAB_GIT_TOKEN .*GIT_PASSWORD/);
  });

  it('refuses when flux or kubectl cannot be found, saying how to point at them', async () => {
    const dir = await source({});
    const onlyKubectl = await tempDir('homelab-bin-kubectl-');
    await symlink(toolPath('kubectl'), path.join(onlyKubectl, 'kubectl'));
    // PATH holds nothing else (this machine has a kubectl in /usr/bin).
    let run = await runBootstrap(['--source', dir, '--yes'], { env: userEnv({ PATH: onlyKubectl }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ flux not found \(`flux` on PATH\): install flux 2\.2\.0 or newer \(https:\/\/fluxcd\.io\/flux\/installation\/\), or set HOMELAB_FLUX to its path/);

    run = await runBootstrap(['--source', dir, '--yes'], { env: userEnv({ HOMELAB_FLUX: toolPath('flux'), PATH: await tempDir('homelab-empty-path-') }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ kubectl not found \(`kubectl` on PATH\): install kubectl 1\.28\.0 or newer .*HOMELAB_KUBECTL/);

    run = await runBootstrap(['--source', dir, '--yes'], { env: userEnv({ HOMELAB_FLUX: '/nonexistent/flux' }) });
    assert.match(run.stderr, /✗ flux not found \(HOMELAB_FLUX="\/nonexistent\/flux"\)/);
  });

  it('stops with the context and server when the apiserver does not answer', async () => {
    const port = await freePort();
    const kubeconfig = path.join(await tempDir('homelab-kubeconfig-'), 'config');
    await writeFile(kubeconfig, (await readFile(cluster.kubeconfigPath, 'utf8')).replace(cluster.server, `https://127.0.0.1:${port}`));
    const run = await runBootstrap(['--source', await source({}), '--yes'], { env: userEnv({ KUBECONFIG: kubeconfig }) });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`✗ failed to reach the cluster of context "[^"]+" at "https://127\\.0\\.0\\.1:${port}"`));
  });

  it('refuses to run without --yes when nobody can confirm, and stops when the person declines', async () => {
    const dir = await source({});
    let run = await runBootstrap(['--source', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ refusing to bootstrap context "[^"]+" without confirmation: stdin is not a terminal; pass --yes/);

    run = await runBootstrap(['--source', dir], { stdin: terminal('n\n') });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\? bootstrap Flux in context "[^"]+" from "http:\/\/127\.0\.0\.1:\d+\/fleet\.git" \(branch "main", path "clusters\/test"\)\? \[y\/N\] /);
    assert.match(run.stderr, /✗ bootstrap cancelled: context "[^"]+" was not confirmed; nothing was changed/);
    assert.deepEqual(await bootstrapCalls(), []);
    assert.equal(await gitRepository(), undefined);
  });

  let bootstrapped = '';
  it('bootstraps Flux with the real flux CLI, applies flux-bootstrap and waits until every app is Ready', async () => {
    bootstrapped = await source({});
    await publishFrom(bootstrapped);
    const run = await runBootstrap(['--source', bootstrapped, '--timeout', '3m'], { stdin: terminal('y\n') });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ flux 2\.9\.5 \("flux"\), kubectl 1\.35\.\d+ \("kubectl"\)/);
    assert.match(run.stderr, /► running flux bootstrap git for "http:\/\/127\.0\.0\.1:\d+\/fleet\.git"/);
    assert.match(run.stderr, /✔ Kustomization "hello" is Ready \(main@sha1:[0-9a-f]{40}\)/);
    assert.match(run.stdout, /^APP +READY +REVISION\nflux +True +main@sha1:[0-9a-f]{40}\nhello +True +main@sha1:[0-9a-f]{40}\n$/);

    const calls = await bootstrapCalls();
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.slice(0, 3), ['bootstrap', 'git', `--url=${repoUrl}`]);
    assert.ok(calls[0]!.includes('--token-auth') && calls[0]!.includes('--path=clusters/test') && calls[0]!.includes('--branch=main'));
    const repository = await gitRepository();
    assert.equal(repository?.spec.url, repoUrl);
    await cluster.kubectl(['get', 'deployment', 'hello', '--namespace=hello']);
  });

  it('skips flux bootstrap when the cluster is already bootstrapped from the same repository, branch and path', async () => {
    assert.ok(bootstrapped, 'needs the bootstrapped cluster');
    // Same repository, spelled differently: no .git, a trailing slash.
    const dir = await source({ 'config/flux.yaml': fluxYaml({ repo: `${repoUrl.replace(/\.git$/, '')}/` }) });
    const run = await runBootstrap(['--source', dir, '--yes']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ context "[^"]+" is already bootstrapped from "http:\/\/127\.0\.0\.1:\d+\/fleet\.git" \(branch "main", path "clusters\/test"\); skipping flux bootstrap/);
    assert.equal((await bootstrapCalls()).length, 1, 'flux bootstrap ran only once');
  });

  it('refuses to re-point a cluster bootstrapped from another branch, changing nothing', async () => {
    assert.ok(bootstrapped, 'needs the bootstrapped cluster');
    const before = await gitRepository();
    const run = await runBootstrap(['--source', await source({ 'config/flux.yaml': fluxYaml({ branch: 'staging' }) }), '--yes']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ the cluster of context "[^"]+" is already bootstrapped from another source: flux-system syncs branch "main" \(config\/flux\.yaml: "staging"\); nothing was changed\. .*--force-repoint/);
    assert.equal((await bootstrapCalls()).length, 1);
    assert.equal((await gitRepository())?.metadata.resourceVersion, before?.metadata.resourceVersion);
  });

  it('names the apps that are not Ready, with Flux\'s message, when the wait times out', async () => {
    assert.ok(bootstrapped, 'needs the bootstrapped cluster');
    await writeFile(path.join(bootstrapped, 'stuck.yaml'), STUCK_YAML);
    await writeFile(path.join(bootstrapped, 'config/apps.yaml'), appsYaml(HELLO + STUCK));
    await commitFiles(bootstrapped, {}, 'Add an app that can never be healthy');
    await publishFrom(bootstrapped);
    await cluster.kubectl(['annotate', '--overwrite', '--namespace=flux-system', 'gitrepository/flux-system', `reconcile.fluxcd.io/requestedAt=${Date.now()}`]);
    const run = await runBootstrap(['--source', bootstrapped, '--yes', '--timeout', '40s']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ failed to see every app Ready within 40s: 1 not Ready:\n  stuck: HealthCheckFailed: .*Deployment\/stuck\/stuck/);
    assert.doesNotMatch(run.stderr, /^  hello:/m);
  });

  it('never lets the token into an argv, the output or a file', async () => {
    const argv = await readFile(argvLog, 'utf8');
    assert.ok(argv.includes('bootstrap'), 'the wrapper recorded the calls');
    assert.equal(argv.includes(server.token), false, 'token in argv');
    for (const output of outputs) assert.equal(output.includes(server.token), false, `token in output:\n${output}`);
    // The manifests repo (every object, decompressed), the tool dir with the argv log (and HOME), and the source repo.
    const found = await findSecret([server.root, path.dirname(bin), bootstrapped], [server.token]);
    assert.deepEqual(found, []);
  });
});
