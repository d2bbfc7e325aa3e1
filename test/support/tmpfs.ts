// Real small or read-only filesystems for fault tests: a tmpfs mounted on a test directory (needs root, as the test
// machines run; elsewhere the tests that need one are skipped with this file's reason).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** `{ skip }` for node:test when mounting is not allowed here. */
export async function tmpfsSupport(dir: string): Promise<{ skip?: string }> {
  try {
    const unmount = await mountTmpfs(dir, { bytes: 64 * 1024 });
    await unmount();
    return {};
  } catch (error) {
    return { skip: `cannot mount a tmpfs here (root is needed): ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Mounts a tmpfs of `bytes` on `dir` (made when missing); returns the unmount. */
export async function mountTmpfs(dir: string, options: { bytes: number }): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  await exec('mount', ['-t', 'tmpfs', '-o', `size=${options.bytes}`, 'tmpfs', dir]);
  return async () => {
    await exec('umount', [dir]);
  };
}

/** Makes a mounted tmpfs read-only (after filling it, say). */
export async function remountReadOnly(dir: string): Promise<void> {
  await exec('mount', ['-o', 'remount,ro', dir]);
}
