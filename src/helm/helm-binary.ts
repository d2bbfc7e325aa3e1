// The real `helm` (found like every external tool: HOMELAB_HELM, else PATH), run with a machine-independent environment.
import { run, type RunResult } from '../process/run.ts';
import { findTool, HELM } from '../tools/find-tool.ts';

export interface Helm {
  readonly path: string;
  readonly version: string;
  /** Runs helm; `env` adds variables to (or overrides) the environment helm was found with. */
  run(args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult>;
}

/** Finds and checks helm in `env`; the caller keeps the result (the CLI's runtime asks once per run). */
export async function findHelm(env: NodeJS.ProcessEnv): Promise<Helm> {
  const tool = await findTool(HELM, helmEnv(env));
  return {
    path: tool.path,
    version: tool.version,
    run: (args, options = {}) => run(tool.path, args, {
      ...(options.cwd && { cwd: options.cwd }),
      ...(options.input !== undefined && { input: options.input }),
      env: helmEnv({ ...env, ...options.env }),
    }),
  };
}

/** helm reads no user repositories or plugins here: rendering and pulling must not depend on the machine. */
function helmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const tuned = env.GOGC !== undefined || env.GOMEMLIMIT !== undefined;
  return { ...(!tuned && SHORT_LIVED_GO), ...env, HELM_NO_PLUGINS: '1' };
}

/**
 * Each helm run is a short-lived process whose heap is garbage the moment it exits, yet Go collects it from 4 MB up:
 * `helm template` of kube-prometheus-stack collects 16 times, a third of its CPU, and a render's Helm phase is
 * CPU-bound. No collection until the heap nears 256 MiB (what Go's own compiler does for its short runs, with
 * base.AdjustStartingHeap); the limit bounds a bigger chart's memory, and it is collected as usual past it. A GOGC or
 * GOMEMLIMIT of the user's environment replaces both.
 */
const SHORT_LIVED_GO: NodeJS.ProcessEnv = { GOGC: 'off', GOMEMLIMIT: '256MiB' };
