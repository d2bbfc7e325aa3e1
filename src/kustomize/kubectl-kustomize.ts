// The KustomizeBuilder the CLI passes to the render: the real `kubectl kustomize` (kustomize as kubectl embeds it),
// found like every tool (HOMELAB_KUBECTL, else PATH), after checking that the kustomization stays offline and inside
// the source repo.
import { messageOf } from '../errors.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { run } from '../process/run.ts';
import { KustomizeBuildError, type KustomizeBuilder } from '../render/kustomize-builder.ts';
import { findTool, KUBECTL, type Tool } from '../tools/find-tool.ts';
import { yamlDocuments } from '../util/yaml-documents.ts';
import { checkKustomization } from './kustomization-files.ts';

/** kubectl is found (and its version checked) on the first build, once per runtime. */
export function kubectlKustomizeBuilder(env: NodeJS.ProcessEnv): KustomizeBuilder {
  let found: Promise<Tool> | undefined;
  const kubectl = (): Promise<Tool> => {
    if (!found) {
      found = findTool(KUBECTL, env);
      found.catch(() => (found = undefined));
    }
    return found;
  };
  return {
    async build(request) {
      const dir = await checkKustomization(request.sourceDir, request.path);
      const tool = await kubectl();
      const result = await run(tool.path, ['kustomize', dir], { env, cwd: request.sourceDir });
      if (result.code !== 0) throw new KustomizeBuildError(result.stderr.trim().replace(/^error: /, ''));
      try {
        return yamlDocuments(result.stdout, (message) => `kubectl kustomize printed invalid YAML: ${message}`)
          .filter((value): value is KubeObject => typeof value === 'object' && value !== null && Boolean((value as KubeObject).kind));
      } catch (error) {
        throw new KustomizeBuildError(messageOf(error), { cause: error });
      }
    },
  };
}
