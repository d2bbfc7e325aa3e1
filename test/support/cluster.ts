// A real control plane for tests, on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler, kwok (a fake node that runs pods without a kubelet) and the real Flux
// source-controller and kustomize-controller as local processes. Binaries come from
// scripts/tools/setup.sh (see ./tools.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostEnv } from './env.ts';
import { fluxCrdDirs, kwokStagesPath, toolPath, type ToolName } from './tools.ts';

export interface StartClusterOptions {
  /** Start Flux source-controller and kustomize-controller. @default true */
  readonly flux?: boolean;
  /** Apply the Flux CRDs (always done when `flux` is true). @default true */
  readonly fluxCrds?: boolean;
  /** Number of kwok fake nodes, named kwok-node-0…. @default 1 */
  readonly nodes?: number;
  /** How long each component may take to become ready. @default 120_000 */
  readonly readyTimeoutMs?: number;
  /** Keep the temp dir (certs, data, logs) after stop(). @default HOMELAB_KEEP_CLUSTER=1 in the environment */
  readonly keepTempDir?: boolean;
  /** Progress lines ('► starting etcd'…). @default no output */
  readonly log?: (line: string) => void;
  /** Extra flags for the Flux controllers, e.g. `{ 'kustomize-controller': ['--requeue-dependency=2s'] }`. @default none */
  readonly fluxControllerArgs?: Readonly<Partial<Record<'source-controller' | 'kustomize-controller', readonly string[]>>>;
  /** Extra flags for kube-apiserver, e.g. `['--runtime-config=storage.k8s.io/v1beta1=true']`. @default none */
  readonly apiServerArgs?: readonly string[];
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface Cluster {
  /** Temp dir holding certificates, data, logs; removed by stop(). */
  readonly dir: string;
  /** Admin kubeconfig (client certificate in group system:masters, all data embedded). */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** Environment for child processes that talk to this cluster: KUBECONFIG, KUBECACHEDIR, NO_PROXY. */
  readonly env: Readonly<Record<string, string>>;
  /** PEM of the CA that signed the apiserver's serving cert and the client certs. */
  readonly caCertPath: string;
  /** Directory of the component logs, `<name>.log`. */
  readonly logsDir: string;
  /** Flux source-controller's artifact server (http://127.0.0.1:<port>), when Flux runs. */
  readonly sourceControllerStorageUrl: string | undefined;
  /** Health endpoints of the Flux controllers (http://127.0.0.1:<port>), when Flux runs. */
  readonly fluxHealthUrls: Readonly<Record<'source-controller' | 'kustomize-controller', string>> | undefined;
  /** Runs the real kubectl against this cluster. Rejects with its stderr on a non-zero exit. */
  kubectl(args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<CommandResult>;
  /** `kubectl apply --server-side -f -` of a YAML or JSON document stream. */
  apply(manifests: string): Promise<CommandResult>;
  /** Kills every component and removes the temp dir (unless kept). Safe to call twice. */
  stop(): Promise<void>;
}

interface Component {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logPath: string;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

const HOST = '127.0.0.1';
const SERVICE_CIDR = '10.0.0.0/24';
const POD_CIDR = '10.1.0.0/16';

// Clusters still running when the process exits are killed synchronously.
const live = new Set<{ components: Component[]; dir: string; keep: boolean }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const cluster of live) {
      for (const component of cluster.components) killNow(component, 'SIGKILL');
      if (!cluster.keep) rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
}

function killNow(component: Component, signal: NodeJS.Signals): void {
  if (component.exit || component.child.exitCode !== null || component.child.signalCode !== null) return;
  try {
    component.child.kill(signal);
  } catch {
    // already gone
  }
}

// Ports are drawn below Linux's ephemeral range (32768-60999 by default), which outgoing connections also draw from:
// a port the kernel handed us from that range can be taken by some client's connect() before the component binds it.
const PORT_RANGE = { low: 20_000, high: 32_767 };
const handedOut = new Set<number>();

/** A TCP port that was free on 127.0.0.1 a moment ago, never handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_RANGE.low + Math.floor(Math.random() * (PORT_RANGE.high - PORT_RANGE.low + 1));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on ${HOST} between ${PORT_RANGE.low} and ${PORT_RANGE.high} after 200 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolveFree(false));
    server.listen(port, HOST, () => server.close(() => resolveFree(true)));
  });
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? hostEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`failed to run ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolveRun({ stdout, stderr });
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new Error(`${command} ${args.join(' ')} ${how}:\n${stderr.trim() || stdout.trim()}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

// ------------------------------------------------------------------ certificates (openssl)

interface Pki {
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly saKey: string;
  readonly saPub: string;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await runCommand('openssl', args, { timeoutMs: 30_000 });
  } catch (error) {
    if ((error as Error).message.includes('ENOENT')) {
      throw new Error("openssl is required to generate the test cluster's certificates: apt-get install -y openssl", {
        cause: error,
      });
    }
    throw error;
  }
}

async function newKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

async function signLeaf(dir: string, name: string, subject: string, extensions: string[], ca: { cert: string; key: string }) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  await newKey(key);
  await openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  await openssl([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key,
    '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', '2', '-sha256',
    '-extfile', ext, '-out', cert,
  ]);
  return { cert, key };
}

async function generatePki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  await newKey(caKey);
  await openssl([
    'req', '-x509', '-new', '-key', caKey, '-subj', '/CN=homelab-test-ca', '-days', '2', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out', caCert,
  ]);
  const ca = { cert: caCert, key: caKey };
  const saKey = join(dir, 'service-account.key');
  const saPub = join(dir, 'service-account.pub');
  const [server, admin] = await Promise.all([
    signLeaf(dir, 'apiserver', '/CN=kube-apiserver', [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
    ], ca),
    signLeaf(dir, 'admin', '/O=system:masters/CN=homelab-test-admin', [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
    ], ca),
    newKey(saKey).then(() => openssl(['pkey', '-in', saKey, '-pubout', '-out', saPub])),
  ]);
  return {
    caCert, caKey, serverCert: server.cert, serverKey: server.key,
    adminCert: admin.cert, adminKey: admin.key, saKey, saPub,
  };
}

function kubeconfig(server: string, pki: Pki): string {
  const b64 = (path: string) => readFileSync(path).toString('base64');
  // JSON is valid YAML, and kubectl/client-go read it as a kubeconfig.
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'homelab-test', cluster: { server, 'certificate-authority-data': b64(pki.caCert) } }],
      users: [
        {
          name: 'homelab-test-admin',
          user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) },
        },
      ],
      contexts: [{ name: 'homelab-test', context: { cluster: 'homelab-test', user: 'homelab-test-admin' } }],
      'current-context': 'homelab-test',
    },
    null,
    2,
  )}\n`;
}

// ------------------------------------------------------------------ probes

function httpStatus(url: string, tls?: { ca?: string; cert?: string; key?: string; insecure?: boolean }): Promise<number> {
  return new Promise((resolveStatus) => {
    const options = {
      timeout: 2_000,
      ...(tls
        ? {
            ca: tls.ca ? readFileSync(tls.ca) : undefined,
            cert: tls.cert ? readFileSync(tls.cert) : undefined,
            key: tls.key ? readFileSync(tls.key) : undefined,
            rejectUnauthorized: !tls.insecure,
          }
        : {}),
    };
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, options, (response) => {
      response.resume();
      resolveStatus(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolveStatus(0));
    request.end();
  });
}

function logTail(path: string, lines = 25): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

class ComponentError extends Error {}

async function waitUntil(
  what: string,
  component: Component | undefined,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (component?.exit) {
      const { code, signal } = component.exit;
      throw new ComponentError(
        `${component.name} exited (${signal ?? `code ${code}`}) before ${what}; log: ${component.logPath}\n` +
          logTail(component.logPath),
      );
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      const where = component ? `; log: ${component.logPath}\n${logTail(component.logPath)}` : '';
      throw new ComponentError(`timed out after ${timeoutMs / 1000}s waiting until ${what}${where}`);
    }
    await sleep(250);
  }
}

// ------------------------------------------------------------------ the cluster

/**
 * Starts a control plane (and by default the Flux controllers) on 127.0.0.1. A start that lost one of its ports to
 * another process (the component's log says "address already in use") is tried again with new ports.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startClusterOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/address already in use/.test(error instanceof Error ? error.message : '')) throw error;
      options.log?.(`✘ a port was taken before its component bound it; starting again (attempt ${attempt + 1})`);
    }
  }
}

async function startClusterOnce(options: StartClusterOptions): Promise<Cluster> {
  const withFlux = options.flux ?? true;
  const withFluxCrds = options.fluxCrds ?? true;
  const nodeCount = options.nodes ?? 1;
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const keep = options.keepTempDir ?? hostEnv().HOMELAB_KEEP_CLUSTER === '1';
  const log = options.log ?? (() => undefined);

  // Resolve every binary first, so a missing tool fails before anything starts.
  const bins = {} as Record<ToolName, string>;
  const needed: ToolName[] = ['kubectl', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];
  if (withFlux) needed.push('source-controller', 'kustomize-controller');
  for (const name of needed) bins[name] = toolPath(name);
  const stagesPath = kwokStagesPath();
  const crdDirs = withFluxCrds || withFlux ? fluxCrdDirs() : [];

  const dir = mkdtempSync(join(tmpdir(), 'homelab-cluster-'));
  const logsDir = join(dir, 'logs');
  mkdirSync(logsDir);
  const components: Component[] = [];
  const state = { components, dir, keep };
  live.add(state);
  installExitHook();

  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  const clusterEnv = {
    KUBECONFIG: kubeconfigPath,
    KUBECACHEDIR: join(dir, 'kube-cache'),
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  // Components also get their own TMPDIR inside the cluster dir, removed with it.
  const childEnv: NodeJS.ProcessEnv = { ...hostEnv(), ...clusterEnv, TMPDIR: join(dir, 'tmp') };
  mkdirSync(join(dir, 'tmp'));

  const start = (name: string, bin: string, args: string[], env: NodeJS.ProcessEnv = childEnv): Component => {
    const logPath = join(logsDir, `${name}.log`);
    const fd = openSync(logPath, 'a');
    log(`► starting ${name}`);
    const child = spawn(bin, args, { stdio: ['ignore', fd, fd], env, cwd: dir });
    closeSync(fd);
    const component: Component = { name, child, logPath, exit: undefined };
    child.on('exit', (code, signal) => (component.exit = { code, signal }));
    child.on('error', (error) => {
      writeFileSync(logPath, `failed to start ${bin}: ${error.message}\n`, { flag: 'a' });
      component.exit = { code: -1, signal: null };
    });
    components.push(component);
    return component;
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const component of [...components].reverse()) killNow(component, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (components.some((c) => !c.exit) && Date.now() < deadline) await sleep(50);
    for (const component of components) killNow(component, 'SIGKILL');
    while (components.some((c) => !c.exit) && Date.now() < deadline + 2_000) await sleep(50);
    live.delete(state);
    if (!state.keep) rmSync(dir, { recursive: true, force: true });
  };

  const kubectl = (args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}) =>
    runCommand(bins.kubectl, ['--kubeconfig', kubeconfigPath, ...args], { ...opts, env: childEnv });

  try {
    const t0 = Date.now();
    const pki = await generatePki(join(dir, 'pki'));

    // etcd
    const [etcdClientPort, etcdPeerPort] = [await freePort(), await freePort()];
    const etcdUrl = `http://${HOST}:${etcdClientPort}`;
    const etcd = start('etcd', bins.etcd, [
      '--name=homelab-test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://${HOST}:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://${HOST}:${etcdPeerPort}`,
      `--initial-cluster=homelab-test=http://${HOST}:${etcdPeerPort}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ]);
    await waitUntil('etcd answered /health', etcd, timeoutMs, async () => (await httpStatus(`${etcdUrl}/health`)) === 200);

    // kube-apiserver
    const apiPort = await freePort();
    const server = `https://${HOST}:${apiPort}`;
    const apiserver = start('kube-apiserver', bins['kube-apiserver'], [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--secure-port=${apiPort}`,
      `--bind-address=${HOST}`,
      `--advertise-address=${HOST}`,
      '--endpoint-reconciler-type=none',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--profiling=false',
      ...(options.apiServerArgs ?? []),
    ]);
    writeFileSync(kubeconfigPath, kubeconfig(server, pki), { mode: 0o600 });
    const adminTls = { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
    await waitUntil('kube-apiserver answered /readyz', apiserver, timeoutMs, async () =>
      (await httpStatus(`${server}/readyz`, adminTls)) === 200,
    );
    log(`✔ kube-apiserver ready at ${server} (${Date.now() - t0} ms)`);

    // kube-controller-manager and kube-scheduler
    const kcmPort = await freePort();
    const kcm = start('kube-controller-manager', bins['kube-controller-manager'], [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      `--bind-address=${HOST}`,
      `--secure-port=${kcmPort}`,
      `--cert-dir=${join(dir, 'kcm-certs')}`,
      '--leader-elect=false',
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-cidr=${POD_CIDR}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--profiling=false',
    ]);
    const schedulerPort = await freePort();
    const scheduler = start('kube-scheduler', bins['kube-scheduler'], [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      `--bind-address=${HOST}`,
      `--secure-port=${schedulerPort}`,
      `--cert-dir=${join(dir, 'scheduler-certs')}`,
      '--leader-elect=false',
      '--profiling=false',
    ]);

    // kwok, with fake nodes it manages by annotation
    const kwokPort = await freePort();
    const kwok = start('kwok', bins.kwok, [
      `--kubeconfig=${kubeconfigPath}`,
      `--config=${stagesPath}`,
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--server-address=${HOST}:${kwokPort}`,
      `--cidr=${POD_CIDR}`,
      '--node-ip=10.2.0.1',
    ]);

    const crdsApplied = crdDirs.length
      ? kubectl(['apply', '--server-side', '--force-conflicts', ...crdDirs.flatMap((d) => ['-f', d])])
      : Promise.resolve(undefined);

    const nodeNames = Array.from({ length: nodeCount }, (_, i) => `kwok-node-${i}`);
    if (nodeNames.length) await kubectl(['apply', '-f', '-'], { input: nodeManifests(nodeNames) });

    await waitUntil('kube-controller-manager answered /healthz', kcm, timeoutMs, async () =>
      (await httpStatus(`https://${HOST}:${kcmPort}/healthz`, { insecure: true })) === 200,
    );
    await waitUntil('kube-scheduler answered /healthz', scheduler, timeoutMs, async () =>
      (await httpStatus(`https://${HOST}:${schedulerPort}/healthz`, { insecure: true })) === 200,
    );
    for (const node of nodeNames) {
      await waitUntil(`node ${node} is Ready (kwok)`, kwok, timeoutMs, async () => {
        const { stdout } = await kubectl([
          'get', 'node', node, '-o', `jsonpath={.status.conditions[?(@.type=="Ready")].status}`,
        ]);
        return stdout.trim() === 'True';
      });
    }
    // Pods need the default ServiceAccount, which the controller-manager creates.
    await waitUntil('ServiceAccount default/default exists', kcm, timeoutMs, async () => {
      await kubectl(['get', 'serviceaccount', 'default', '--namespace', 'default']);
      return true;
    });
    log(`✔ control plane ready (${Date.now() - t0} ms)`);

    if (crdDirs.length) {
      await crdsApplied;
      await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crdNames(crdDirs)]);
    }

    let sourceControllerStorageUrl: string | undefined;
    let fluxHealthUrls: Cluster['fluxHealthUrls'];
    if (withFlux) {
      const fluxEnv = { ...childEnv, RUNTIME_NAMESPACE: 'flux-system' };
      const storagePort = await freePort();
      sourceControllerStorageUrl = `http://${HOST}:${storagePort}`;
      const storagePath = join(dir, 'source-controller-storage');
      mkdirSync(storagePath);
      const ports = { scMetrics: await freePort(), scHealth: await freePort(), kcMetrics: await freePort(), kcHealth: await freePort() };
      const sc = start('source-controller', bins['source-controller'], [
        '--enable-leader-election=false',
        '--watch-all-namespaces=true',
        `--metrics-addr=${HOST}:${ports.scMetrics}`,
        `--health-addr=${HOST}:${ports.scHealth}`,
        `--storage-path=${storagePath}`,
        `--storage-addr=${HOST}:${storagePort}`,
        `--storage-adv-addr=${HOST}:${storagePort}`,
        '--log-level=debug',
        ...(options.fluxControllerArgs?.['source-controller'] ?? []),
      ], fluxEnv);
      const kc = start('kustomize-controller', bins['kustomize-controller'], [
        '--enable-leader-election=false',
        '--watch-all-namespaces=true',
        `--metrics-addr=${HOST}:${ports.kcMetrics}`,
        `--health-addr=${HOST}:${ports.kcHealth}`,
        '--log-level=debug',
        ...(options.fluxControllerArgs?.['kustomize-controller'] ?? []),
      ], fluxEnv);
      fluxHealthUrls = {
        'source-controller': `http://${HOST}:${ports.scHealth}`,
        'kustomize-controller': `http://${HOST}:${ports.kcHealth}`,
      };
      await waitUntil('source-controller answered /readyz', sc, timeoutMs, async () =>
        (await httpStatus(`${fluxHealthUrls!['source-controller']}/readyz`)) === 200,
      );
      await waitUntil('kustomize-controller answered /readyz', kc, timeoutMs, async () =>
        (await httpStatus(`${fluxHealthUrls!['kustomize-controller']}/readyz`)) === 200,
      );
      log(`✔ Flux controllers ready (${Date.now() - t0} ms)`);
    }

    return {
      dir,
      kubeconfigPath,
      server,
      env: clusterEnv,
      caCertPath: pki.caCert,
      logsDir,
      sourceControllerStorageUrl,
      fluxHealthUrls,
      kubectl,
      apply: (manifests: string) => kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: manifests }),
      stop,
    };
  } catch (error) {
    // Stop everything, but keep the dir of a cluster that failed to start: its logs say why.
    const message = error instanceof Error ? error.message : String(error);
    state.keep = true;
    await stop();
    throw new Error(`failed to start the test cluster: ${message}\n(logs of every component kept in ${logsDir})`, {
      cause: error,
    });
  }
}

function crdNames(dirs: readonly string[]): string[] {
  // File names are <group>_<plural>.yaml (controller-gen), the CRD name is <plural>.<group>.
  const names: string[] = [];
  for (const d of dirs) {
    for (const file of readDirYaml(d)) {
      const match = /^([^_]+)_([^.]+)\.yaml$/.exec(file);
      if (match) names.push(`crd/${match[2]}.${match[1]}`);
    }
  }
  return names;
}

function readDirYaml(d: string): string[] {
  return readdirSync(d)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

function nodeManifests(names: readonly string[]): string {
  const items = names.map((name) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'fake',
        kubeProxyVersion: 'fake',
        bootID: '',
        containerRuntimeVersion: '',
        kernelVersion: '',
        machineID: '',
        osImage: '',
        systemUUID: '',
      },
      phase: 'Running',
    },
  }));
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items })}\n`;
}
