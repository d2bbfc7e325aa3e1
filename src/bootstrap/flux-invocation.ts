// The `flux bootstrap …` command for a repository URL: github, gitlab, or plain git (token or SSH). Pure.
import { HomelabError } from '../errors.ts';
import type { FluxConfig } from '../config/schema.ts';

export interface FluxInvocation {
  readonly provider: 'github' | 'gitlab' | 'git';
  /** Arguments after `flux`; never a secret. */
  readonly args: readonly string[];
  /** The variable the Flux CLI reads the token from (GITHUB_TOKEN, GITLAB_TOKEN, GIT_PASSWORD); none for SSH. */
  readonly tokenVariable?: 'GITHUB_TOKEN' | 'GITLAB_TOKEN' | 'GIT_PASSWORD';
}

/** Flags that carry credentials: they would put a secret into argv (and into config/flux.yaml). */
const CREDENTIAL_FLAGS = /^--?(password|p|token|gpg-passphrase|ssh-signing-password|ssh-signing-passphrase)(=|$)/;

export function fluxBootstrapInvocation(flux: FluxConfig, options: { context?: string } = {}): FluxInvocation {
  const extraArgs = flux.bootstrap?.extraArgs ?? [];
  const secretFlag = extraArgs.find((arg) => CREDENTIAL_FLAGS.test(arg));
  if (secretFlag) {
    throw new HomelabError(`config/flux.yaml bootstrap.extraArgs: "${secretFlag.split('=')[0]}" would pass a credential on the command line; tokens come from the environment (HOMELAB_GIT_TOKEN)`);
  }
  const common = [`--branch=${flux.branch}`, `--path=${flux.path}`, ...(options.context ? [`--context=${options.context}`] : []), '--silent', ...extraArgs];
  const personal = flux.bootstrap?.personal ?? true;
  const hosted = hostedRepository(flux.repo);

  if (hosted?.host === 'github.com') {
    if (hosted.segments.length !== 2) throw badHosted(flux.repo, 'github.com/<owner>/<repository>');
    return {
      provider: 'github',
      args: ['bootstrap', 'github', `--owner=${hosted.segments[0]}`, `--repository=${hosted.segments[1]}`, ...(personal ? ['--personal'] : []), ...common],
      tokenVariable: 'GITHUB_TOKEN',
    };
  }
  if (hosted?.host === 'gitlab.com') {
    if (hosted.segments.length < 2) throw badHosted(flux.repo, 'gitlab.com/<group>[/<subgroup>…]/<repository>');
    const owner = hosted.segments.slice(0, -1).join('/');
    return {
      provider: 'gitlab',
      // A nested group is never a user.
      args: ['bootstrap', 'gitlab', `--owner=${owner}`, `--repository=${hosted.segments.at(-1)}`, ...(personal && hosted.segments.length === 2 ? ['--personal'] : []), ...common],
      tokenVariable: 'GITLAB_TOKEN',
    };
  }
  if (/^https?:\/\//i.test(flux.repo)) {
    return { provider: 'git', args: ['bootstrap', 'git', `--url=${flux.repo}`, '--token-auth', ...common], tokenVariable: 'GIT_PASSWORD' };
  }
  // SSH: flux generates a deploy key and pushes with the user's SSH agent or --private-key-file (extraArgs).
  return { provider: 'git', args: ['bootstrap', 'git', `--url=${sshUrl(flux.repo)}`, ...common] };
}

/** github.com / gitlab.com over HTTPS or SSH: host and path segments (without `.git`). */
function hostedRepository(url: string): { host: string; segments: string[] } | undefined {
  const match = /^(?:https:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?\/?$/i.exec(url);
  if (!match) return undefined;
  return { host: match[1]!.toLowerCase(), segments: match[2]!.split('/').filter(Boolean) };
}

/** Flux wants `ssh://user@host/path`; `git@host:path` is the scp-like form people copy. */
function sshUrl(url: string): string {
  const scp = /^([^@/:]+)@([^/:]+):(?!\/)(.+)$/.exec(url);
  return scp ? `ssh://${scp[1]}@${scp[2]}/${scp[3]}` : url;
}

function badHosted(url: string, shape: string): HomelabError {
  return new HomelabError(`config/flux.yaml repo "${url}": expected ${shape}`);
}

/** A command line to show a person: arguments quoted where needed. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
