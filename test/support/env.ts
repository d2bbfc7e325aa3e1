// The one place tests read the process environment, and what they hand to homelab instead of it: homelab reads
// the environment only in src/cli/main.ts, so tests pass theirs in (main's streams, a Runtime, an `env` option).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolPath } from './tools.ts';

/** A copy of the test process's own environment (PATH, HOME, HOMELAB_CACHE, …). */
export function hostEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}

const overrides: NodeJS.ProcessEnv[] = [];

/** The helm (or kubectl) scripts/tools/setup.sh installed; without one, homelab looks for it on PATH. */
function cachedTool(name: 'helm' | 'kubectl'): string | undefined {
  try {
    return toolPath(name);
  } catch {
    return undefined;
  }
}

let renderCacheRoot: string | undefined;

/**
 * A render cache of this test process's own (removed when it exits), so tests neither read what another run left in
 * the user's ~/.cache/homelab/render nor fill it. The tools cache is found through hostEnv(), not through this.
 */
export function testCacheRoot(): string {
  if (!renderCacheRoot) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'homelab-test-cache-'));
    renderCacheRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return renderCacheRoot;
}

/**
 * What homelab sees in tests: the host's environment with helm from the tools cache (as `npm run example` and the
 * README's setup give it) and a render cache of the test process's own, plus any overrides in force; `undefined`
 * removes a variable.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...hostEnv() };
  env.HOMELAB_HELM ||= cachedTool('helm');
  env.HOMELAB_KUBECTL ||= cachedTool('kubectl');
  env.HOMELAB_CACHE = testCacheRoot();
  for (const layer of [...overrides, extra]) {
    for (const [name, value] of Object.entries(layer)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  }
  return env;
}

/** Sets variables for every later testEnv() (and so every runCli) until the returned function restores them. */
export function overrideTestEnv(vars: NodeJS.ProcessEnv): () => void {
  overrides.push(vars);
  return () => {
    const index = overrides.lastIndexOf(vars);
    if (index !== -1) overrides.splice(index, 1);
  };
}

/**
 * For code that reads the process environment implicitly (os.tmpdir() reads TMPDIR): sets `vars` on the real
 * process environment while `task` runs, then restores it.
 */
export async function withProcessEnv<T>(vars: NodeJS.ProcessEnv, task: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: NodeJS.ProcessEnv) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return await task();
  } finally {
    apply(saved);
  }
}

/** Whether test overrides are in force (a shared runtime would not see them). */
export function hasTestEnvOverrides(): boolean {
  return overrides.length > 0;
}
