// Checks a render's CRDs as definitions on a thread of their own, while validation checks the objects on the render
// thread: that phase otherwise runs on one core, and a realistic homelab's 91 CRDs take it a quarter of a second
// (every CEL rule compiled). A few CRDs are checked here: a thread costs more than they do.
import { Worker } from 'node:worker_threads';
import type { KubeObject } from '../model/kube-object.ts';
import { crdDefinitionIssues, type CrdDefinitionResult } from '../validate/crd-definition.ts';
import type { CrdDefinitionsCheck } from '../validate/custom-kind-checks.ts';
import { workerEntry } from './worker-entry.ts';

const WORKER = workerEntry('crd-definitions-worker', import.meta.url);

/** Fewer CRDs than this are checked on the render thread. */
export const MIN_CRDS_FOR_A_THREAD = 16;

export const checkCrdDefinitions: CrdDefinitionsCheck = async (crds, kubeMinor) => {
  if (crds.length < MIN_CRDS_FOR_A_THREAD) return here(crds, kubeMinor);
  try {
    return await onThread(crds, kubeMinor);
  } catch {
    // A thread that could not start or ended early (out of memory): the same checks, here.
    return here(crds, kubeMinor);
  }
};

function here(crds: readonly KubeObject[], kubeMinor: number): CrdDefinitionResult[] {
  return crds.map((crd) => crdDefinitionIssues(crd, kubeMinor));
}

function onThread(crds: readonly KubeObject[], kubeMinor: number): Promise<CrdDefinitionResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER.entry, {
      eval: WORKER.eval,
      execArgv: [],
      workerData: { crds, kubeMinor },
      stdout: true,
      // It runs beside the render thread's busiest heap: a small young generation keeps its garbage from adding
      // ~25 MiB to the render's peak (a realistic homelab's CEL rules and schemas make that much, briefly).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    let answer: CrdDefinitionResult[] | undefined;
    worker.once('message', (results: CrdDefinitionResult[]) => (answer = results));
    worker.once('error', reject);
    worker.once('exit', (code) => (answer && code === 0 ? resolve(answer) : reject(new Error(`the CRD definitions thread ended with code ${code}`))));
  });
}
