// Finds the real `flux` and `kubectl` (HOMELAB_FLUX / HOMELAB_KUBECTL, else PATH) and checks their versions.
import { HomelabError } from '../errors.ts';
import { compareVersions } from '../helm/helm-binary.ts';
import { ProcessNotFoundError, run, type RunResult } from '../process/run.ts';

/** The oldest Flux CLI homelab documents: it must install controllers serving Kustomization v1 and GitRepository v1 (GA since 2.0, the v1 GitRepository since 2.1). */
export const MINIMUM_FLUX = '2.2.0';
/** The oldest kubectl homelab supports (server-side apply and `get -o json` as used here; any kubectl within the cluster's skew works). */
export const MINIMUM_KUBECTL = '1.28.0';

export interface Tool {
  readonly name: 'flux' | 'kubectl';
  /** What was run: the override's value or the bare name (found on PATH). */
  readonly path: string;
  readonly version: string;
}

const SPECS = {
  flux: { variable: 'HOMELAB_FLUX', minimum: MINIMUM_FLUX, args: ['version', '--client'], install: 'https://fluxcd.io/flux/installation/' },
  kubectl: { variable: 'HOMELAB_KUBECTL', minimum: MINIMUM_KUBECTL, args: ['version', '--client'], install: 'https://kubernetes.io/docs/tasks/tools/' },
} as const;

/** Runs `<tool> version --client` and checks the version against the documented minimum. */
export async function findTool(name: 'flux' | 'kubectl', env: NodeJS.ProcessEnv): Promise<Tool> {
  const spec = SPECS[name];
  const path = env[spec.variable] || name;
  const where = env[spec.variable] ? `${spec.variable}="${path}"` : `\`${name}\` on PATH`;
  let result: RunResult;
  try {
    result = await run(path, spec.args, { env });
  } catch (error) {
    if (error instanceof ProcessNotFoundError) {
      throw new HomelabError(`${name} not found (${where}): install ${name} ${spec.minimum} or newer (${spec.install}), or set ${spec.variable} to its path`, { cause: error });
    }
    throw new HomelabError(`failed to run ${name} (${where}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const version = /v?(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !version) {
    throw new HomelabError(`${where} does not answer \`${name} ${spec.args.join(' ')}\`: ${(result.stderr || result.stdout).trim()}`);
  }
  if (compareVersions(version, spec.minimum) < 0) {
    throw new HomelabError(`${name} ${version} (${where}) is older than ${spec.minimum}, the oldest homelab supports; upgrade ${name}`);
  }
  return { name, path, version };
}
