// `homelab bootstrap`: preflight, `flux bootstrap …` (unless already done), apply flux-bootstrap, wait until Flux is Ready.
import { loadConfig } from '../config/load.ts';
import { HomelabError } from '../errors.ts';
import { createRedactor, secretForms } from '../git/redact.ts';
import type { ManifestTree } from '../model/tree.ts';
import { run } from '../process/run.ts';
import type { Progress } from '../progress.ts';
import { findTool, FLUX, KUBECTL } from '../tools/find-tool.ts';
import { applyArgs, connect } from './kube.ts';
import { fromDirectory, fromTree, type BootstrapManifests } from './apply.ts';
import { fluxBootstrapInvocation, shellLine } from './flux-invocation.ts';
import { existingBootstrap, mismatchError } from './idempotency.ts';
import { formatTable, waitForKustomizations, type AppStatus } from './wait.ts';

export interface BootstrapOptions {
  /** The source repository (config in `<source>/config`). */
  readonly source: string;
  /** Kube context to use. @default the kubeconfig's current context */
  readonly context?: string;
  /** Skip the confirmation. @default false */
  readonly yes?: boolean;
  /** Print every command, run none that changes anything. @default false */
  readonly dryRun?: boolean;
  /** A `generate-manifests` output to take flux-bootstrap from. @default a fresh render of `source` (`render`) */
  readonly manifests?: string;
  /** Renders `source` (the pipeline's render, validated); used unless `manifests` is given. */
  readonly render: () => Promise<ManifestTree>;
  /** How long to wait for Flux to report every app Ready. @default 5 minutes */
  readonly timeoutMs?: number;
  /** Run flux bootstrap even when the cluster syncs another repository, branch or path. @default false */
  readonly forceRepoint?: boolean;
  /** Token (HOMELAB_GIT_TOKEN), KUBECONFIG, PATH, HOMELAB_FLUX, HOMELAB_KUBECTL: the CLI's environment. */
  readonly env: NodeJS.ProcessEnv;
  /** Asks the person at the terminal; undefined when nobody is there (stdin is not a terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly progress: Progress;
  /** Lines of `flux bootstrap`'s own output (already scrubbed of the token). */
  readonly fluxOutput?: (line: string) => void;
  readonly pollMs?: number;
}

export interface BootstrapResult {
  readonly context: string;
  readonly fluxVersion: string;
  readonly kubectlVersion: string;
  /** `ran` flux bootstrap, `skipped` it (already bootstrapped from the same place), or would run it (`dry-run`). */
  readonly fluxBootstrap: 'ran' | 'skipped' | 'dry-run';
  /** The commands a dry run would have run (token shown only as the variable name). */
  readonly commands: readonly string[];
  readonly apps: readonly AppStatus[];
  /** The Ready table; empty on a dry run. */
  readonly table: string;
}

/** Where the token for the manifests repo comes from (never printed). */
const TOKEN_VARIABLES = ['HOMELAB_GIT_TOKEN', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'GIT_PASSWORD'] as const;

export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const { env } = options;
  const { progress } = options;

  // Preflight, each step with a failure that says what to do.
  const config = await loadConfig(options.source);
  const flux = config.flux;
  const invocation = fluxBootstrapInvocation(flux, options.context ? { context: options.context } : {});
  const tokenSource = TOKEN_VARIABLES.find((name) => env[name]?.trim());
  if (invocation.tokenVariable && !tokenSource) {
    throw new HomelabError(
      `no token for "${flux.repo}": set HOMELAB_GIT_TOKEN to a token that may push to it (flux bootstrap ${invocation.provider} reads it as ${invocation.tokenVariable}; homelab passes it only through the environment)`,
    );
  }
  const [fluxTool, kubectlTool] = await Promise.all([findTool(FLUX, env), findTool(KUBECTL, env)]);
  progress.success(`flux ${fluxTool.version} ("${fluxTool.path}"), kubectl ${kubectlTool.version} ("${kubectlTool.path}")`);
  const kube = await connect(kubectlTool, { env, ...(options.context && { context: options.context }) });
  progress.action(`using kube context "${kube.context}" (server "${kube.server}")`);

  if (!options.dryRun && !options.yes) {
    if (!options.confirm) {
      throw new HomelabError(`refusing to bootstrap context "${kube.context}" without confirmation: stdin is not a terminal; pass --yes to confirm non-interactively`);
    }
    const agreed = await options.confirm(`bootstrap Flux in context "${kube.context}" from "${flux.repo}" (branch "${flux.branch}", path "${flux.path}")?`);
    if (!agreed) throw new HomelabError(`bootstrap cancelled: context "${kube.context}" was not confirmed; nothing was changed`);
  }

  const manifests: BootstrapManifests = options.manifests ? await fromDirectory(options.manifests) : fromTree(await options.render());

  // Idempotency: the same repo, branch and path → no flux bootstrap; another → stop unless told to re-point.
  const existing = await existingBootstrap(kube, { repo: flux.repo, branch: flux.branch, path: flux.path });
  let runFlux = true;
  if (existing.state === 'same') {
    runFlux = false;
    progress.success(`context "${kube.context}" is already bootstrapped from "${existing.current.repo}" (branch "${flux.branch}", path "${flux.path}"); skipping flux bootstrap`);
  } else if (existing.state === 'different') {
    if (!options.forceRepoint) throw mismatchError(existing, kube.context);
    progress.warning(`re-pointing context "${kube.context}" (--force-repoint): it synced ${existing.differences.join(', ')}`);
  }

  const fluxLine = `${invocation.tokenVariable ? `${invocation.tokenVariable}="$${tokenSource}" ` : ''}${shellLine([fluxTool.path, ...invocation.args])}`;
  const applyLine = `${shellLine(kube.argv(applyArgs()))} < flux-bootstrap`;
  const commands = [...(runFlux ? [fluxLine] : []), applyLine];
  if (options.dryRun) {
    for (const command of commands) progress.action(`would run: ${command}`);
    return { context: kube.context, fluxVersion: fluxTool.version, kubectlVersion: kubectlTool.version, fluxBootstrap: runFlux ? 'dry-run' : 'skipped', commands, apps: [], table: '' };
  }

  if (runFlux) {
    progress.action(`running flux bootstrap ${invocation.provider} for "${flux.repo}"`);
    const token = env[tokenSource ?? '']?.trim() ?? '';
    const redact = createRedactor(token ? secretForms(token) : []);
    const fluxEnv: NodeJS.ProcessEnv = { ...env, ...(invocation.tokenVariable && { [invocation.tokenVariable]: token }) };
    const result = await run(fluxTool.path, invocation.args, { env: fluxEnv });
    for (const line of redact(`${result.stdout}${result.stderr}`).split('\n').filter((l) => l.trim())) options.fluxOutput?.(line);
    if (result.code !== 0) {
      const last = redact(result.stderr || result.stdout).trim().split('\n').filter(Boolean).pop() ?? `exit code ${result.code}`;
      throw new HomelabError(`failed to run flux bootstrap ${invocation.provider}: ${last.replace(/^✗\s*/, '')} (run homelab bootstrap again once fixed: flux bootstrap is safe to repeat)`);
    }
    progress.success('flux bootstrap finished');
  }

  progress.action('applying flux-bootstrap (the Kustomization "flux" → the app-of-apps)');
  await kube.applyServerSide(manifests.manifests);
  progress.success(`applied flux-bootstrap; waiting for ${manifests.kustomizations.length} Kustomizations`);

  progress.action('waiting for Flux to report every app Ready');
  const apps = await waitForKustomizations(kube, {
    names: manifests.kustomizations,
    timeoutMs: options.timeoutMs ?? 5 * 60_000,
    onReady: (status) => progress.success(`Kustomization "${status.name}" is Ready (${status.revision || 'no revision'})`),
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
  });
  return {
    context: kube.context,
    fluxVersion: fluxTool.version,
    kubectlVersion: kubectlTool.version,
    fluxBootstrap: runFlux ? 'ran' : 'skipped',
    commands,
    apps,
    table: formatTable(apps),
  };
}
