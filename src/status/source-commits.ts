// Maps Flux revisions (`main@sha1:<commit>`) to the source commits they were published from, through the
// `Source-Commit` trailer of the commit in a local clone of the manifests repository.
import { HomelabError } from '../errors.ts';
import { parseTrailers } from '../git/trailers.ts';
import { ProcessNotFoundError, run } from '../process/run.ts';

export interface ManifestsClone {
  /** The clone's directory (`--repo`). */
  readonly dir: string;
  /** config/flux.yaml: the branch Flux reads and where the apps live, to recognise the manifests repository. */
  readonly branch: string;
  readonly appsPath: string;
  /** config/flux.yaml `repo`, for the error message. */
  readonly repo: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The commit id in a Flux revision: `main@sha1:abc…`, `sha1:abc…` or a bare id. */
export function revisionCommit(revision: string): string | undefined {
  return /(?:^|[@:])([0-9a-f]{40}|[0-9a-f]{64})$/.exec(revision)?.[1];
}

function gitIn(clone: ManifestsClone) {
  // GIT_DIR and friends would point git at another repository than --repo.
  const env = { ...Object.fromEntries(Object.entries(clone.env).filter(([key]) => !key.startsWith('GIT_'))), LC_ALL: 'C' };
  return async (args: readonly string[], input?: string) => {
    try {
      return await run('git', ['-C', clone.dir, ...args], { env, ...(input !== undefined && { input }) });
    } catch (error) {
      if (error instanceof ProcessNotFoundError) throw new HomelabError('git is not installed: homelab status --repo needs it', { cause: error });
      throw error;
    }
  };
}

/** Throws a clear error unless `clone.dir` is a git clone of the manifests repository. */
export async function assertManifestsClone(clone: ManifestsClone): Promise<void> {
  const git = gitIn(clone);
  const notManifests = `--repo "${clone.dir}" is not a clone of the manifests repository (${clone.repo} in config/flux.yaml)`;
  if ((await git(['rev-parse', '--git-dir'])).code !== 0) throw new HomelabError(`${notManifests}: it is not a git repository`);
  // The manifests repository is the one whose branch holds <appsPath>/flux-bootstrap/, which only publish writes.
  const marker = `${clone.appsPath}/flux-bootstrap/flux.yaml`;
  const refs = [`refs/remotes/origin/${clone.branch}`, `refs/heads/${clone.branch}`, 'HEAD'];
  const found = await git(['cat-file', '--batch-check'], refs.map((ref) => `${ref}:${marker}\n`).join(''));
  if (!/ blob \d+$/m.test(found.stdout)) throw new HomelabError(`${notManifests}: "${clone.branch}" has no ${marker}`);
}

/** Revision → source commit for each revision whose commit the clone has and whose message names one. */
export async function sourceCommits(clone: ManifestsClone, revisions: readonly string[]): Promise<Map<string, string>> {
  const git = gitIn(clone);

  const wanted = [...new Set(revisions)].map((revision) => ({ revision, commit: revisionCommit(revision) })).filter((r) => r.commit !== undefined);
  const result = new Map<string, string>();
  if (wanted.length === 0) return result;
  // One git process for every commit: `--batch` prints each commit object (or "<id> missing").
  const batch = await git(['cat-file', '--batch'], wanted.map((w) => `${w.commit}\n`).join(''));
  const bytes = Buffer.from(batch.stdout, 'utf8');
  let offset = 0;
  for (const { revision } of wanted) {
    const headerEnd = bytes.indexOf(10, offset);
    if (headerEnd === -1) break;
    const [, type, size] = bytes.subarray(offset, headerEnd).toString('utf8').split(' ');
    offset = headerEnd + 1;
    if (type === 'missing' || size === undefined) continue;
    const body = bytes.subarray(offset, offset + Number(size)).toString('utf8');
    offset += Number(size) + 1;
    if (type !== 'commit') continue;
    const message = body.slice(body.indexOf('\n\n') + 2);
    const source = parseTrailers(message).get('Source-Commit');
    if (source) result.set(revision, source);
  }
  return result;
}
