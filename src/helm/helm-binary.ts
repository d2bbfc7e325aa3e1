// Finds the real `helm` (HOMELAB_HELM or PATH), checks its version once, and runs it.
import { HomelabError } from '../errors.ts';
import { ProcessNotFoundError, run, type RunResult } from '../process/run.ts';

/** The oldest helm whose `template` knows every flag homelab passes (--api-versions/--kube-version/--skip-tests). */
export const MINIMUM_HELM = '3.14.0';

export interface Helm {
  readonly path: string;
  readonly version: string;
  run(args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult>;
}

const found = new Map<string, Promise<Helm>>();

/** The helm binary homelab uses: `HOMELAB_HELM`, else `helm` on PATH. Checked once per process. */
export function findHelm(env: NodeJS.ProcessEnv = process.env): Promise<Helm> {
  const path = env.HOMELAB_HELM || 'helm';
  let helm = found.get(path);
  if (!helm) {
    helm = probe(path, env);
    found.set(path, helm);
    helm.catch(() => found.delete(path));
  }
  return helm;
}

async function probe(path: string, env: NodeJS.ProcessEnv): Promise<Helm> {
  const where = env.HOMELAB_HELM ? `HOMELAB_HELM="${path}"` : '`helm` on PATH';
  let result: RunResult;
  try {
    result = await run(path, ['version', '--short'], { env: helmEnv(env) });
  } catch (error) {
    if (error instanceof ProcessNotFoundError) {
      throw new HomelabError(`helm not found (${where}): install helm ${MINIMUM_HELM} or newer, or set HOMELAB_HELM to its path`, { cause: error });
    }
    throw error;
  }
  const version = /v?(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !version) {
    throw new HomelabError(`${where} does not answer \`helm version\`: ${(result.stderr || result.stdout).trim()}`);
  }
  if (compareVersions(version, MINIMUM_HELM) < 0) {
    throw new HomelabError(`helm ${version} (${where}) is older than ${MINIMUM_HELM}, the oldest homelab supports; upgrade helm`);
  }
  return {
    path,
    version,
    run: (args, options = {}) => run(path, args, {
      ...(options.cwd && { cwd: options.cwd }),
      ...(options.input !== undefined && { input: options.input }),
      env: helmEnv(options.env ?? env),
    }),
  };
}

/** helm reads no user repositories or plugins here: rendering and pulling must not depend on the machine. */
function helmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, HELM_NO_PLUGINS: '1' };
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
