// Which kubeconfig files kubectl would read; kept apart from the API client library, which takes a second to load.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HomelabError } from '../errors.ts';

/** The two variables kubectl reads to find its configuration; the CLI reads them from the environment once. */
export interface KubeEnvironment {
  readonly KUBECONFIG?: string | undefined;
  readonly HOME?: string | undefined;
}

/** No kubeconfig file exists at all: nothing to connect to. */
export class NoKubeconfigError extends HomelabError {
  override readonly name = 'NoKubeconfigError';
}

/** The kubeconfig files kubectl would read, in order: KUBECONFIG's list (empty entries ignored), else ~/.kube/config. */
export function kubeconfigFiles(env: KubeEnvironment): string[] {
  if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter(Boolean);
  return env.HOME ? [path.join(env.HOME, '.kube', 'config')] : [];
}

/** Whether any kubeconfig file exists (checked before loading the API client library, which takes a second). */
export function hasKubeconfig(env: KubeEnvironment): boolean {
  return kubeconfigFiles(env).some((file) => existsSync(file));
}
