// How homelab names a worker thread's entry module: the bundle's entry when homelab runs bundled (util/bundled.ts),
// else the module beside the one that spawns it; run from source (tests, the bench), the worker registers tsx
// itself, since Node 20 does not pass `--import` hooks on to workers.
import { BUNDLE_DIR } from '../util/bundled.ts';

export interface WorkerEntry {
  /** For `new Worker(entry, { eval })`. */
  readonly entry: string | URL;
  readonly eval: boolean;
}

/** `name` is the entry's name in the bundle and, with .js or .ts, its file beside `spawner` (an import.meta.url). */
export function workerEntry(name: string, spawner: string): WorkerEntry {
  if (BUNDLE_DIR) return { entry: new URL(`${name}.js`, BUNDLE_DIR), eval: false };
  const fromSource = spawner.endsWith('.ts');
  const file = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, spawner);
  if (!fromSource) return { entry: file, eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return { entry: `import(${tsx}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file.href)}))`, eval: true };
}
