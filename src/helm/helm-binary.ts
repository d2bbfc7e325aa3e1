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
  return { ...env, HELM_NO_PLUGINS: '1' };
}
