// The one way homelab finds an external tool (helm, kubectl, flux, git): the override variable's value, else the
// name on PATH, checked once against the oldest version homelab supports.
import { access, constants } from 'node:fs/promises';
import { delimiter, join, resolve as resolvePath } from 'node:path';
import { HomelabError, messageOf } from '../errors.ts';
import { ProcessNotFoundError, run, type RunResult } from '../process/run.ts';

export interface ToolSpec {
  readonly name: string;
  /** The variable that names the binary, e.g. HOMELAB_HELM; without one, PATH only. */
  readonly variable?: string;
  /** The oldest version homelab supports; `findTool` checks it. */
  readonly minimum?: string;
  /** Arguments that make the tool print its version. */
  readonly versionArgs?: readonly string[];
  /** The version command as messages name it. @default the name and versionArgs */
  readonly versionCommand?: string;
  /** Where to get it, for the not-found message. */
  readonly install?: string;
}

/** The oldest helm whose `template` knows every flag homelab passes (--api-versions/--kube-version/--skip-tests). */
export const HELM: ToolSpec = { name: 'helm', variable: 'HOMELAB_HELM', minimum: '3.14.0', versionArgs: ['version', '--short'], versionCommand: 'helm version' };
/** The oldest Flux CLI homelab documents: it must install controllers serving Kustomization v1 and GitRepository v1 (GA since 2.0, the v1 GitRepository since 2.1). */
export const FLUX: ToolSpec = { name: 'flux', variable: 'HOMELAB_FLUX', minimum: '2.2.0', versionArgs: ['version', '--client'], install: 'https://fluxcd.io/flux/installation/' };
/** The oldest kubectl homelab supports (server-side apply and `get -o json` as used here; any kubectl within the cluster's skew works). */
export const KUBECTL: ToolSpec = { name: 'kubectl', variable: 'HOMELAB_KUBECTL', minimum: '1.28.0', versionArgs: ['version', '--client'], install: 'https://kubernetes.io/docs/tasks/tools/' };
/** git from PATH; its callers say what they needed it for when it is missing. */
export const GIT: ToolSpec = { name: 'git' };

export interface Tool {
  readonly name: string;
  /** What is run: the override's value or the bare name (found on PATH). */
  readonly path: string;
  readonly version: string;
}

export interface ToolLocation {
  readonly path: string;
  /** For messages: `HOMELAB_HELM="/opt/helm"` or `` `helm` on PATH ``. */
  readonly where: string;
}

/** Where the tool is, without running it. */
export function locateTool(spec: ToolSpec, env: NodeJS.ProcessEnv): ToolLocation {
  const override = spec.variable ? env[spec.variable] : undefined;
  return override ? { path: override, where: `${spec.variable}="${override}"` } : { path: spec.name, where: `\`${spec.name}\` on PATH` };
}

/**
 * The file that would run, found as spawn finds it (the override as given, else the first executable on PATH), so
 * callers can tell one binary from another without running it; undefined when there is none.
 */
export async function toolFile(spec: ToolSpec, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { path: command } = locateTool(spec, env);
  const candidates = command.includes('/') ? [resolvePath(command)] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: the next PATH entry.
    }
  }
  return undefined;
}

/** Runs the tool's version command and checks the version against the spec's minimum. */
export async function findTool(spec: ToolSpec, env: NodeJS.ProcessEnv): Promise<Tool> {
  const { path, where } = locateTool(spec, env);
  const args = spec.versionArgs ?? ['--version'];
  let result: RunResult;
  try {
    result = await run(path, args, { env });
  } catch (error) {
    if (error instanceof ProcessNotFoundError) {
      const install = `install ${spec.name}${spec.minimum ? ` ${spec.minimum} or newer` : ''}${spec.install ? ` (${spec.install})` : ''}`;
      throw new HomelabError(`${spec.name} not found (${where}): ${install}${spec.variable ? `, or set ${spec.variable} to its path` : ''}`, { cause: error });
    }
    throw new HomelabError(`failed to run ${spec.name} (${where}): ${messageOf(error)}`, { cause: error });
  }
  const version = /v?(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !version) {
    throw new HomelabError(`${where} does not answer \`${spec.versionCommand ?? [spec.name, ...args].join(' ')}\`: ${(result.stderr || result.stdout).trim()}`);
  }
  if (spec.minimum && compareVersions(version, spec.minimum) < 0) {
    throw new HomelabError(`${spec.name} ${version} (${where}) is older than ${spec.minimum}, the oldest homelab supports; upgrade ${spec.name}`);
  }
  return { name: spec.name, path, version };
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
