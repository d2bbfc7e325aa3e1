// Runs a command in a fresh process several times and reports median wall time and peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_RSS_HOOK = fileURLToPath(new URL('./max-rss.mjs', import.meta.url));

export interface Measurement {
  readonly wallMs: number[];
  readonly maxRssKb: number[];
  /** Whatever the process printed on stdout in its last run (for in-process timings). */
  readonly lastStdout: string;
}

export interface RunSpec {
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Untimed work before each run, e.g. removing the previous output. */
  readonly before?: () => Promise<void>;
  /** Extra environment variables for the child. */
  readonly env?: Record<string, string>;
}

/** Runs `node <args>` `runs` times; each run is a cold Node process, timed from spawn to exit. */
export async function measure(spec: RunSpec, runs: number): Promise<Measurement> {
  const [measurement] = await measureAlternating([spec], runs);
  return measurement;
}

/**
 * Runs each of `specs` once in turn, `runs` times over: the machine's speed drifts (other tenants, caches), and a
 * ratio of two commands is only fair when both ran under the same conditions. One Measurement per spec.
 */
export async function measureAlternating<const Specs extends readonly RunSpec[]>(specs: Specs, runs: number): Promise<{ -readonly [K in keyof Specs]: Measurement }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-bench-rss-'));
  const measurements = specs.map(() => ({ wallMs: [] as number[], maxRssKb: [] as number[], lastStdout: '' }));
  try {
    for (let i = 0; i < runs; i++) {
      for (const [index, spec] of specs.entries()) {
        const into = measurements[index]!;
        await spec.before?.();
        const rssFile = path.join(dir, `rss-${i}-${index}`);
        const started = performance.now();
        const { code, stdout, stderr } = await run(process.execPath, ['--import', MAX_RSS_HOOK, ...spec.args], { ...process.env, ...spec.env, HOMELAB_BENCH_RSS_FILE: rssFile }, spec.cwd);
        into.wallMs.push(performance.now() - started);
        if (code !== 0) throw new Error(`node ${spec.args.join(' ')} exited ${code}:\n${stderr}`);
        into.maxRssKb.push(Number(await readFile(rssFile, 'utf8')));
        into.lastStdout = stdout;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return measurements as { -readonly [K in keyof Specs]: Measurement };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
