import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand, startCluster, type Cluster } from './cluster.ts';
import { hostEnv } from './env.ts';
import { assertToolsBuilt } from './tools.ts';

// Serves the bare repositories under `root` read-only over git's smart HTTP protocol
// through `git http-backend` (CGI). Deliberately minimal: test/support/git-server.ts is the
// full server (token auth, push) that the rest of the suite uses.
function serveGitReadOnly(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const env: NodeJS.ProcessEnv = {
      PATH: hostEnv().PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    }
    const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    request.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else response.setHeader(name, value);
      }
      response.writeHead(status);
      response.write(head.subarray(end + 4));
    });
    cgi.on('close', () => response.end());
  });
  return new Promise((resolveServe) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveServe({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const git = (cwd: string, ...args: string[]) =>
  runCommand('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd });

function deployment(name: string, namespace: string, replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/app:1.0.0' }] },
      },
    },
  });
}

describe('test cluster (real kube-apiserver, kwok node, Flux controllers)', () => {
  let started: Cluster | undefined;
  let startError: unknown;
  const scratch = mkdtempSync(join(tmpdir(), 'homelab-cluster-test-'));

  // A cluster that failed to start (or tools that were never built) fails every test with
  // the reason, instead of cancelling them from a failed hook.
  before(
    async () => {
      try {
        started = await startCluster({ log: (line) => console.log(line) });
      } catch (error) {
        startError = error;
      }
    },
    { timeout: 300_000 },
  );
  const running = (): Cluster => {
    if (!started) throw startError;
    return started;
  };

  after(async () => {
    await started?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has every tool built by scripts/tools/setup.sh', () => {
    assertToolsBuilt();
  });

  it('serves the API to the admin kubeconfig', async () => {
    const cluster = running();
    const { stdout } = await cluster.kubectl(['version', '-o', 'json']);
    const version = JSON.parse(stdout) as { serverVersion: { gitVersion: string } };
    assert.match(version.serverVersion.gitVersion, /^v1\.34\./);
    assert.equal(cluster.server.startsWith('https://127.0.0.1:'), true);
  });

  it('runs a Deployment until it is Available on the kwok node', { timeout: 120_000 }, async () => {
    const cluster = running();
    await cluster.apply(deployment('smoke', 'default', 2));
    await cluster.kubectl(['wait', '--for=condition=Available', 'deployment/smoke', '--timeout=90s']);
    const { stdout } = await cluster.kubectl(['get', 'pods', '-l', 'app=smoke', '-o', 'json']);
    const pods = (JSON.parse(stdout) as { items: { spec: { nodeName?: string }; status: { phase: string } }[] }).items;
    assert.equal(pods.length, 2);
    for (const pod of pods) {
      assert.equal(pod.spec.nodeName, 'kwok-node-0');
      assert.equal(pod.status.phase, 'Running');
    }
  });

  it('has the Flux CRDs and both controllers report healthy', async () => {
    const cluster = running();
    for (const crd of ['gitrepositories.source.toolkit.fluxcd.io', 'kustomizations.kustomize.toolkit.fluxcd.io']) {
      await cluster.kubectl(['get', 'crd', crd]);
    }
    for (const [name, url] of Object.entries(cluster.fluxHealthUrls ?? {})) {
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200, `${name} /healthz`);
    }
  });

  it('reconciles a GitRepository and a Kustomization from a git repo served over smart HTTP', { timeout: 240_000 }, async () => {
    const cluster = running();
    const bare = join(scratch, 'repos', 'apps.git');
    const work = join(scratch, 'work');
    mkdirSync(join(work, 'deploy'), { recursive: true });
    await runCommand('git', ['init', '--bare', '--initial-branch=main', bare]);
    await git(work, 'init', '--initial-branch=main');
    writeFileSync(join(work, 'deploy', 'namespace.yaml'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'smoke-flux' } }));
    writeFileSync(join(work, 'deploy', 'deployment.yaml'), deployment('from-git', 'smoke-flux', 1));
    writeFileSync(
      join(work, 'deploy', 'configmap.yaml'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-git', namespace: 'smoke-flux' }, data: { hello: 'flux' } }),
    );
    await git(work, 'add', '.');
    await git(work, 'commit', '-m', 'smoke');
    await git(work, 'push', bare, 'main');
    const { stdout: head } = await git(work, 'rev-parse', 'HEAD');

    const gitServer = await serveGitReadOnly(join(scratch, 'repos'));
    try {
      await cluster.apply(
        [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } },
          {
            apiVersion: 'source.toolkit.fluxcd.io/v1',
            kind: 'GitRepository',
            metadata: { name: 'smoke', namespace: 'flux-system' },
            spec: { url: `${gitServer.url}/apps.git`, ref: { branch: 'main' }, interval: '1m' },
          },
          {
            apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
            kind: 'Kustomization',
            metadata: { name: 'smoke', namespace: 'flux-system' },
            spec: {
              sourceRef: { kind: 'GitRepository', name: 'smoke' },
              path: './deploy',
              prune: true,
              wait: true,
              timeout: '2m',
              interval: '1m',
            },
          },
        ]
          .map((doc) => JSON.stringify(doc))
          .join('\n---\n'),
      );
      const ready = ['--for=condition=Ready', '--namespace=flux-system', '--timeout=180s'];
      await cluster.kubectl(['wait', ...ready, 'gitrepository/smoke'], { timeoutMs: 200_000 });
      const { stdout: revision } = await cluster.kubectl([
        'get', 'gitrepository/smoke', '--namespace=flux-system', '-o', 'jsonpath={.status.artifact.revision}',
      ]);
      assert.equal(revision, `main@sha1:${head.trim()}`);
      await cluster.kubectl(['wait', ...ready, 'kustomization/smoke'], { timeoutMs: 200_000 });
      const { stdout: hello } = await cluster.kubectl([
        'get', 'configmap/from-git', '--namespace=smoke-flux', '-o', 'jsonpath={.data.hello}',
      ]);
      assert.equal(hello, 'flux');
      await cluster.kubectl(['wait', '--for=condition=Available', 'deployment/from-git', '--namespace=smoke-flux', '--timeout=30s']);
    } finally {
      await gitServer.close();
    }
  });
});
