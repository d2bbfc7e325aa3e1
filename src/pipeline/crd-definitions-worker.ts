// The entry of the thread that checks a render's CRDs as definitions (crd-definitions-thread.ts): it gets them with
// the Kubernetes minor, answers with each one's verdict, in order, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import type { KubeObject } from '../model/kube-object.ts';
import { crdDefinitionIssues } from '../validate/crd-definition.ts';

const { crds, kubeMinor } = workerData as { crds: readonly KubeObject[]; kubeMinor: number };
parentPort!.postMessage(crds.map((crd) => crdDefinitionIssues(crd, kubeMinor)));
