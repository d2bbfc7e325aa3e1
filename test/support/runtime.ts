// The Runtime tests render with: what the CLI would make (src/cli/runtime.ts) from the test environment.
import { createRuntime } from '../../src/cli/runtime.ts';
import type { Runtime } from '../../src/pipeline/runtime.ts';
import { hasTestEnvOverrides, testEnv } from './env.ts';

let shared: Runtime | undefined;

/** The runtime a CLI run would make from testEnv(extra); without `extra`, one per test process (helm probed once). */
export function testRuntime(extra?: NodeJS.ProcessEnv): Runtime {
  if (extra || hasTestEnvOverrides()) return createRuntime(testEnv(extra));
  shared ??= createRuntime(testEnv());
  return shared;
}
