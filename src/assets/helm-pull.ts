// `helm pull` in a private helm home: the one way refresh-assets fetches a chart from a repository or registry.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Helm } from '../helm/helm-binary.ts';

/** A chart to pull: from an HTTP chart repository (`--repo`) or an `oci://` registry path. */
export interface PullRequest {
  readonly repo: string;
  readonly chart: string;
  /** An exact version or a constraint helm resolves (`^1.2.0`): the highest match in the index or the registry's tags. */
  readonly version: string;
  readonly plainHttp?: boolean | undefined;
}

/** What `helm pull` fetched: the archive's path (inside `out`) and the version it resolved to. */
export interface Pulled {
  readonly archive: string;
  readonly version: string;
}

/**
 * `helm pull` with its own empty repository cache, so no repository the machine's helm knows leaks
 * in; registry logins (`helm registry login`) are kept, since private OCI registries need them.
 * Throws helm's own message (without "Error: ").
 */
export async function helmPull(request: PullRequest, out: string, helm: Helm): Promise<Pulled> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'homelab-helm-'));
  try {
    await mkdir(out, { recursive: true });
    // helm.run adds these to the environment helm was found with.
    const env = {
      HELM_REGISTRY_CONFIG: await registryConfig(helm),
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
      HELM_REPOSITORY_CONFIG: path.join(home, 'repositories.yaml'),
      HELM_REPOSITORY_CACHE: path.join(home, 'repository'),
    };
    const { repo, chart, version } = request;
    const args = repo.startsWith('oci://')
      ? ['pull', `${repo.replace(/\/$/, '')}/${chart}`, '--version', version, '--destination', out, ...(request.plainHttp ? ['--plain-http'] : [])]
      : ['pull', chart, '--repo', repo, '--version', version, '--destination', out];
    const result = await helm.run(args, { env });
    if (result.code !== 0) throw new Error(result.stderr.trim().replace(/^Error: /, ''));
    const prefix = `${chart}-`;
    const [archive] = (await readdir(out)).filter((name) => name.startsWith(prefix) && name.endsWith('.tgz'));
    if (!archive) throw new Error('helm pull produced no chart archive');
    return { archive: path.join(out, archive), version: archive.slice(prefix.length, -'.tgz'.length) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Where this machine's helm keeps registry logins, asked of helm itself (it depends on HELM_CONFIG_HOME and the OS). */
async function registryConfig(helm: Helm): Promise<string> {
  const result = await helm.run(['env', 'HELM_REGISTRY_CONFIG']);
  return result.code === 0 ? result.stdout.trim() : '';
}

