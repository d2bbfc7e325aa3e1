// A full garbage collection, asked for between the render's stages. A render's live data is small (about 50 MiB for
// ten real charts), but each stage leaves garbage several times that (helm's output text, the YAML reader's nodes,
// serialized copies), and V8 grows the heap with it rather than collect: the next stage then starts on a heap of
// mostly garbage, and the process's peak memory is that garbage. Node exposes `gc` only behind a V8 flag, which may be
// set at run time for contexts made afterwards.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Below this much heap a collection (tens of milliseconds) has little to give back. */
const WORTH_COLLECTING = 64 * 1024 * 1024;

export function collectGarbage(): void {
  if (getHeapStatistics().used_heap_size < WORTH_COLLECTING) return;
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      // Not this V8: the heap keeps its own schedule.
      collect = null;
    }
  }
  collect?.();
}
