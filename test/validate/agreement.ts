// Compares homelab's verdict on objects with the real kube-apiserver's (`kubectl apply --server-side --dry-run=server`),
// object by object, for the rule-family tests of the built-in validation.
import { spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { formatProblem } from '../../src/errors.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { validateRender } from '../../src/validate/validate.ts';
import type { Cluster } from '../support/cluster.ts';
import { hostEnv } from '../support/env.ts';
import { appsYaml, FLUX_YAML, sourceRepo } from '../support/source-repo.ts';
import { toolPath } from '../support/tools.ts';

/** The namespace every namespaced case lives in; create it once per cluster with prepareNamespace. */
export const NAMESPACE = 'agreement';

export interface Verdict {
  /** Undefined when accepted; otherwise what was said against the object. */
  readonly homelab: string | undefined;
  readonly apiServer: string | undefined;
}

export async function prepareNamespace(cluster: Cluster): Promise<void> {
  await cluster.kubectl(['create', 'namespace', NAMESPACE]);
  // Pods need the namespace's default ServiceAccount (ServiceAccount admission), made by the controller manager.
  for (let i = 0; i < 100; i++) {
    if (await cluster.kubectl(['get', 'serviceaccount', 'default', '-n', NAMESPACE]).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the default ServiceAccount of ${NAMESPACE} never appeared`);
}

/** `Kind/name`; names must be unique across the cases (kubectl's output names objects by resource and name). */
export function caseId(object: KubeObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** homelab's problems per object (homelab's own policies, such as plaintext Secrets, left out). */
export async function homelabVerdicts(objects: readonly KubeObject[], fluxYaml = FLUX_YAML): Promise<Map<string, string | undefined>> {
  // The cases live in the namespace prepareNamespace creates: the cluster has it although no app creates it.
  const flux = `${fluxYaml.endsWith('\n') ? fluxYaml : `${fluxYaml}\n`}existingNamespaces: [${NAMESPACE}]\n`;
  const source = await sourceRepo({ 'config/apps.yaml': appsYaml('  []\n').replace('apps:\n  []', 'apps: []'), 'config/flux.yaml': flux });
  const config = await loadConfig(source);
  const files = objects.map((object, i) => ({ file: `${String(i).padStart(3, '0')}.yaml`, object }));
  const problems = await validateRender({ config, apps: [{ id: 'agreement', files }] });
  const verdicts = new Map<string, string | undefined>(objects.map((object) => [caseId(object), undefined]));
  for (const problem of problems) {
    if (/^plaintext Secret|Flux cannot decrypt/.test(problem.message)) continue;
    const index = files.findIndex(({ file }) => problem.file === `agreement/${file}`);
    const id = index >= 0 ? caseId(objects[index]!) : `config: ${formatProblem(problem)}`;
    verdicts.set(id, [verdicts.get(id), formatProblem(problem)].filter(Boolean).join('\n'));
  }
  return verdicts;
}

/** The API server's verdict per object, from one server-side dry-run apply of them all. */
export async function apiServerVerdicts(cluster: Cluster, objects: readonly KubeObject[]): Promise<Map<string, string | undefined>> {
  const input = objects.map((object) => stringify(object)).join('---\n');
  const { stdout, stderr } = await run(toolPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, 'apply', '--server-side', '--dry-run=server', '--field-manager=agreement', '-o', 'name', '-f', '-'], input, cluster.env);
  const applied = new Set(stdout.split('\n').map((line) => line.trim().split('/').slice(1).join('/')).filter(Boolean));
  const verdicts = new Map<string, string | undefined>();
  const errors = stderr.split('\n').filter(Boolean);
  for (const object of objects) {
    const name = object.metadata.name!;
    if (applied.has(name) && !errors.some((line) => mentions(line, object))) verdicts.set(caseId(object), undefined);
    else verdicts.set(caseId(object), errors.filter((line) => mentions(line, object)).join('\n') || 'rejected (no message)');
  }
  return verdicts;
}

/** Whether an error line of kubectl is about this object: `Kind "name" is invalid`, `(namespace/name; …)`, `name: "name"`. */
function mentions(line: string, object: KubeObject): boolean {
  const name = object.metadata.name!;
  return line.includes(`"${name}"`) || line.includes(`/${name};`) || line.includes(`(${name};`);
}

/** Both verdicts for each case. */
export async function verdicts(cluster: Cluster, objects: readonly KubeObject[], fluxYaml?: string): Promise<Map<string, Verdict>> {
  const ids = new Set(objects.map(caseId));
  if (new Set(objects.map((object) => object.metadata.name)).size !== objects.length) throw new Error('agreement cases must have unique names');
  const [homelab, apiServer] = await Promise.all([homelabVerdicts(objects, fluxYaml), apiServerVerdicts(cluster, objects)]);
  const out = new Map<string, Verdict>();
  for (const id of ids) out.set(id, { homelab: homelab.get(id), apiServer: apiServer.get(id) });
  for (const [id, message] of homelab) if (!ids.has(id)) out.set(id, { homelab: message, apiServer: undefined });
  return out;
}

/** Lines naming each case where homelab and the API server disagree, with both sides' words. */
export function disagreements(results: ReadonlyMap<string, Verdict>): string[] {
  const out: string[] = [];
  for (const [id, { homelab, apiServer }] of results) {
    if ((homelab === undefined) !== (apiServer === undefined)) {
      out.push(`${id}: homelab ${homelab === undefined ? 'accepts' : `refuses (${homelab})`}; the API server ${apiServer === undefined ? 'accepts' : `refuses (${apiServer})`}`);
    }
  }
  return out;
}

function run(command: string, args: readonly string[], input: string, env: Readonly<Record<string, string>>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...hostEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // kubectl exits 1 when any object fails; the per-object verdicts are in its output either way.
    child.on('close', () => resolve({ stdout, stderr }));
    child.stdin.end(input);
  });
}
