// Checks a render's CRDs as definitions on a thread of their own, while validation checks the objects on the render
// thread: that phase otherwise runs on one core, and a realistic homelab's 91 CRDs take it a quarter of a second
// (every CEL rule compiled). The thread is started before it is needed (while the render is assembled), so that its
// start-up is not waited for; a few CRDs are checked here, since the thread would cost more than they do.
import { Worker } from 'node:worker_threads';
import type { KubeObject } from '../model/kube-object.ts';
import { crdDefinitionIssues, type CrdDefinitionResult } from '../validate/crd-definition.ts';
import type { CrdDefinitionsCheck } from '../validate/custom-kind-checks.ts';
import { workerEntry } from './worker-entry.ts';

const WORKER = workerEntry('crd-definitions-worker', import.meta.url);

/** Fewer CRDs than this are checked on the render thread. */
export const MIN_CRDS_FOR_A_THREAD = 16;

export interface CrdDefinitionsThread {
  /** Checks the CRDs on the thread (once; a second call, or a few CRDs, are checked here). */
  readonly check: CrdDefinitionsCheck;
  /** Ends the thread if it is still running (it was not asked, or a check failed). */
  close(): Promise<void>;
}

export function startCrdDefinitionsThread(): CrdDefinitionsThread {
  let worker: Worker | undefined = new Worker(WORKER.entry, {
    eval: WORKER.eval,
    execArgv: [],
    stdout: true,
    // It runs beside the render thread's busiest heap: a small young generation keeps its garbage from adding
    // ~25 MiB to the render's peak (a realistic homelab's CEL rules and schemas make that much, briefly).
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  // A thread that fails to start is told when it is asked, and then the checks run here.
  const ended = new Promise<number>((resolve) => worker!.once('exit', resolve));
  const failed = new Promise<Error>((resolve) => worker!.once('error', resolve));
  worker.unref();
  const close = async () => {
    const running = worker;
    worker = undefined;
    if (running) await running.terminate();
  };
  return {
    async check(crds, kubeMinor) {
      const thread = worker;
      worker = undefined;
      if (!thread || crds.length < MIN_CRDS_FOR_A_THREAD) {
        void thread?.terminate();
        return here(crds, kubeMinor);
      }
      thread.ref();
      try {
        return await new Promise<CrdDefinitionResult[]>((resolve, reject) => {
          thread.once('message', resolve);
          void failed.then(reject);
          void ended.then((code) => reject(new Error(`the CRD definitions thread ended with code ${code}`)));
          thread.postMessage({ crds, kubeMinor });
        });
      } catch {
        // A thread that could not start or ended early (out of memory): the same checks, here.
        return here(crds, kubeMinor);
      } finally {
        void thread.terminate();
      }
    },
    close,
  };
}

function here(crds: readonly KubeObject[], kubeMinor: number): CrdDefinitionResult[] {
  return crds.map((crd) => crdDefinitionIssues(crd, kubeMinor));
}
