// The `flux bootstrap …` command for a repository URL: github, gitlab, or plain git (token or SSH). Pure.
import { HomelabError } from '../errors.ts';
import type { FluxConfig } from '../config/schema.ts';
import { checkBranchName } from '../git/ref-name.ts';
import { checkRepoUrl } from '../git/repo-url.ts';
import { shownValue } from '../util/shown-value.ts';

export interface FluxInvocation {
  readonly provider: 'github' | 'gitlab' | 'git';
  /** Arguments after `flux`; never a secret. */
  readonly args: readonly string[];
  /** The variable the Flux CLI reads the token from (GITHUB_TOKEN, GITLAB_TOKEN, GIT_PASSWORD); none for SSH. */
  readonly tokenVariable?: 'GITHUB_TOKEN' | 'GITLAB_TOKEN' | 'GIT_PASSWORD';
}

/** Flags that carry credentials: they would put a secret into argv (and into config/flux.yaml). */
const CREDENTIAL_FLAGS = ['password', 'token', 'gpg-passphrase', 'ssh-signing-password', 'ssh-signing-passphrase'];

/**
 * Flags homelab sets itself, or that would point flux at another repository, host or cluster than the one homelab
 * checked and the person confirmed: in extraArgs they would override homelab's choice.
 */
const HOMELAB_FLAGS = ['url', 'branch', 'path', 'owner', 'repository', 'personal', 'context', 'silent', 'token-auth', 'hostname', 'kubeconfig'];

export function fluxBootstrapInvocation(flux: FluxConfig, options: { context?: string } = {}): FluxInvocation {
  // Credentials in the URL would reach flux's argv (and the cluster's GitRepository): refused as publish refuses them.
  checkRepoUrl(flux.repo, 'config/flux.yaml repo');
  checkBranchName(flux.branch, 'config/flux.yaml branch');
  const extraArgs = flux.bootstrap?.extraArgs ?? [];
  checkExtraArgs(extraArgs);
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

/** Refuses short flags (-p… carries a password), credential flags and flags homelab sets itself; values shown escaped. */
function checkExtraArgs(extraArgs: readonly string[]): void {
  for (const arg of extraArgs) {
    const where = `config/flux.yaml bootstrap.extraArgs: ${shownValue(arg.split('=')[0]!)}`;
    if (/[\x00-\x1f\x7f]/.test(arg)) throw new HomelabError(`${where} holds control characters; write the flag as plain text`);
    if (!arg.startsWith('--')) {
      throw new HomelabError(`${where}: write flags in their long form ("--name=value"); short forms are refused, since "-p…" would pass a password on the command line`);
    }
    const name = arg.slice(2).split('=')[0]!;
    if (CREDENTIAL_FLAGS.includes(name)) {
      throw new HomelabError(`${where} would pass a credential on the command line; tokens come from the environment (HOMELAB_GIT_TOKEN)`);
    }
    if (HOMELAB_FLAGS.includes(name)) {
      throw new HomelabError(`${where} is set by homelab itself (from repo, branch and path in config/flux.yaml, and --context); change those instead`);
    }
  }
}

/**
 * github.com / gitlab.com over HTTPS or SSH, with or without their default port (443, 22): host and path segments
 * (without `.git`). Another port is another service, run as plain git.
 */
function hostedRepository(url: string): { host: string; segments: string[] } | undefined {
  const scp = /^git@(github\.com|gitlab\.com):(?!\/)(.+)$/i.exec(url);
  const full = /^(https|ssh):\/\/(git@)?(github\.com|gitlab\.com)(?::(\d+))?\/(.+)$/i.exec(url);
  let host: string;
  let rest: string;
  if (scp) [host, rest] = [scp[1]!, scp[2]!];
  else if (full) {
    const [, scheme, user, fullHost, port, fullRest] = full;
    const https = scheme!.toLowerCase() === 'https';
    if ((https && user) || (!https && !user)) return undefined;
    if (port !== undefined && port !== (https ? '443' : '22')) return undefined;
    [host, rest] = [fullHost!, fullRest!];
  } else return undefined;
  return { host: host.toLowerCase(), segments: rest.replace(/\/+$/, '').replace(/\.git$/, '').split('/').filter(Boolean) };
}

/** Flux wants `ssh://user@host/path`; `git@host:path` is the scp-like form people copy. */
function sshUrl(url: string): string {
  const scp = /^([^@/:]+)@([^/:]+):(?!\/)(.+)$/.exec(url);
  return scp ? `ssh://${scp[1]}@${scp[2]}/${scp[3]}` : url;
}

function badHosted(url: string, shape: string): HomelabError {
  return new HomelabError(`config/flux.yaml repo "${url}": expected ${shape}`);
}

/** A command line to show a person: arguments quoted where needed, control characters as $'\xNN' (never raw). */
export function shellLine(argv: readonly string[]): string {
  return argv
    .map((arg) => {
      if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
      if (/[\x00-\x1f\x7f]/.test(arg)) return `$'${arg.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
      return `'${arg.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
}
