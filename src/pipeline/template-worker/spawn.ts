// Starts the templates' worker thread, and nothing else: this module loads no more than Node's own, so a command can
// start the worker before it loads the render (most of homelab), and the worker's start-up overlaps that loading.
import { getHeapStatistics } from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { BUNDLE_DIR } from '../../util/bundled.ts';
import type { WorkerInput } from './messages.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = BUNDLE_DIR ? new URL('worker.js', BUNDLE_DIR) : new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);
/** Run from source (tests, `npm run bench`), the worker registers tsx itself: Node 20 does not pass `--import` hooks on to workers. */
const ENTRY = FROM_SOURCE ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(WORKER.href)}))` : WORKER;

/** A started worker, for host.ts to drive. */
export interface SpawnedWorker {
  readonly worker: Worker;
  /** The render thread's end of the channel chart transforms are answered on. */
  readonly port: MessagePort;
  /** Set to 1 by the worker when a transform's answer is on `port`. */
  readonly answered: Int32Array;
}

/**
 * Its heap limit is homelab's own (raise both with NODE_OPTIONS=--max-old-space-size=…). `cache` is the render cache,
 * where compiled templates are kept (none with --no-cache). A worker started `early` does not keep homelab running
 * until a render takes it (startTemplates).
 */
export function spawnTemplateWorker(cache?: WorkerInput['cache'], early = false): SpawnedWorker {
  const answered = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(ENTRY, {
    eval: FROM_SOURCE,
    // Not homelab's own flags (--input-type, --import, ...): the worker's entry is set above.
    execArgv: [],
    workerData: { answered, port: port2, ...(cache && { cache }) } satisfies WorkerInput,
    transferList: [port2],
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb() },
  });
  if (early) worker.unref();
  return { worker, port: port1, answered };
}

/** The worker's heap limit in MiB: the render thread's own. */
export function workerMemoryMb(): number {
  return Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20);
}
