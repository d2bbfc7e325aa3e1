// The one module that knows homelab's API: judges each corpus entry with homelab's own validation (what `homelab validate`
// runs), by rendering a scratch source repo with one `manifests` app per entry, and says which problems are policies.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatProblem, type Problem } from '../../src/errors.ts';
import { validateSource } from '../../src/pipeline/validate.ts';
import { testRuntime } from '../support/runtime.ts';

export interface HomelabInput {
  readonly id: string;
  /** The document as homelab reads it from a file of the `manifests` template. */
  readonly text: string;
  /** The app's namespace: what namespaced objects without one get. */
  readonly namespace: string;
  /** `CustomResourceDefinition/<name>` for CRDs (homelab moves them to its `crds` app and names them so in problems). */
  readonly crdName?: string;
}

export interface HomelabVerdict {
  readonly accepted: boolean;
  /** homelab's problems, one line each (app, object, file, field, message). */
  readonly problems: readonly string[];
  /** Every problem is one of homelab's documented policies (see POLICIES), not a judgement the API server makes. */
  readonly policyOnly: boolean;
}

/**
 * homelab's documented policies, refused by design although the API server accepts them; excluded from the comparison
 * (an object homelab refuses only for these does not count as "homelab rejects, API server accepts").
 */
export const POLICIES: readonly { readonly name: string; readonly message: RegExp }[] = [
  { name: 'plaintext Secrets are never published (SOPS)', message: /^plaintext Secret|^value is not encrypted|^Flux cannot decrypt/ },
  { name: 'no two apps own one object', message: /both render it|renders it twice|both define CustomResourceDefinition/ },
  { name: 'Flux references: a Kustomization depends on Kustomizations of the render, its path is an app of the render', message: /^unknown app "|is not an app directory in the render/ },
  { name: 'every namespace is created by an app, is a cluster default or is listed in config', message: /namespace\b.*\b(not created|does not exist|no app creates|existingNamespaces)/i },
];

const FLUX_YAML = (kubeVersion: string) => `apiVersion: v1alpha1
kind: HomelabFluxConfig
repo: https://git.example.test/oracle/manifests.git
kubeVersion: "${kubeVersion}"
`;

/** Context every entry may rely on: the namespaces entries live in, rendered as Namespace objects by one app. */
export interface HomelabContext {
  readonly namespaces: readonly string[];
  readonly kubeVersion: string;
}

/**
 * homelab's verdict on every entry. A render refuses the whole source repo at the first stage with a problem, so entries
 * with problems are set aside and the rest rendered again, until a render reaches validation (or passes).
 */
export async function judgeWithHomelab(entries: readonly HomelabInput[], context: HomelabContext): Promise<Map<string, HomelabVerdict>> {
  const dir = await mkdtemp(join(tmpdir(), 'homelab-oracle-source-'));
  try {
    await mkdir(join(dir, 'config'), { recursive: true });
    await mkdir(join(dir, 'entries'), { recursive: true });
    await writeFile(join(dir, 'config', 'flux.yaml'), FLUX_YAML(context.kubeVersion));
    await writeFile(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    const namespaces = context.namespaces.map((name) => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    await writeFile(join(dir, 'context.yaml'), namespaces.join('\n---\n') + '\n');

    const appIds = new Map<string, HomelabInput>();
    const byCrd = new Map<string, string>();
    await Promise.all(
      entries.map(async (entry, index) => {
        const app = `e${String(index).padStart(5, '0')}`;
        appIds.set(app, entry);
        if (entry.crdName) byCrd.set(`CustomResourceDefinition/${entry.crdName}`, app);
        await writeFile(join(dir, 'entries', `${app}.yaml`), entry.text.endsWith('\n') ? entry.text : `${entry.text}\n`);
      }),
    );

    // What `homelab validate` runs with (the CLI's runtime, from the test environment).
    const runtime = testRuntime();
    const verdicts = new Map<string, HomelabVerdict>();
    let remaining = [...appIds.keys()];
    for (;;) {
      const apps = [
        { template: 'manifests', id: 'oracle-context', flux: false, options: { paths: ['context.yaml'] } },
        ...remaining.map((id) => ({ template: 'manifests', id, namespace: appIds.get(id)!.namespace, flux: false, options: { paths: [`entries/${id}.yaml`] } })),
      ];
      await writeFile(join(dir, 'config', 'apps.yaml'), JSON.stringify({ apiVersion: 'v1alpha1', kind: 'HomelabAppsConfig', apps }, null, 1) + '\n');
      let problems: readonly Problem[];
      try {
        await validateSource(dir, runtime);
        problems = [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems = error.problems;
      }
      if (problems.length === 0) break;

      const byApp = new Map<string, Problem[]>();
      for (const problem of problems) {
        const app = appOf(problem, remaining, byCrd);
        if (!app || !appIds.has(app)) throw new Error(`the oracle cannot tell which entry this homelab problem is about:\n${formatProblem(problem)}`);
        byApp.set(app, [...(byApp.get(app) ?? []), problem]);
      }
      for (const [app, appProblems] of byApp) {
        verdicts.set(appIds.get(app)!.id, {
          accepted: false,
          problems: appProblems.map(formatProblem),
          policyOnly: appProblems.every((problem) => POLICIES.some((policy) => policy.message.test(problem.message))),
        });
      }
      remaining = remaining.filter((app) => !byApp.has(app));
      // Problems that name an object come from validation, which judges every object of a render at once: the rest
      // passed. Problems of the render stages name config/apps.yaml instead and stop before validation: render again.
      if (problems.every((problem) => problem.object !== undefined)) break;
    }
    for (const app of remaining) verdicts.set(appIds.get(app)!.id, { accepted: true, problems: [], policyOnly: false });
    return verdicts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The app a problem is about: its `app`, the owner of a CRD in the `crds` app, or `apps[i]` of config/apps.yaml (i-1: the context app is first). */
function appOf(problem: Problem, remaining: readonly string[], byCrd: ReadonlyMap<string, string>): string | undefined {
  if (problem.app === 'crds' && problem.object) return byCrd.get(problem.object);
  if (problem.app) return problem.app;
  const index = /^apps\[(\d+)\]/.exec(problem.path ?? '');
  if (problem.file === 'config/apps.yaml' && index) return Number(index[1]) === 0 ? 'oracle-context' : remaining[Number(index[1]) - 1];
  return undefined;
}
