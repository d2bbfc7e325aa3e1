// Stage "build kustomizations": every kustomizeDirectory construct of every app is built by the KustomizeBuilder
// passed in. It runs before the Helm phase, so charts see the CRDs that kustomizations provide.
import type { HomelabConfig } from '../config/model.ts';
import { causedBy, ConfigError, type Problem } from '../errors.ts';
import { KustomizeDirectory } from '../templates/kustomize-directory.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { describeApp, type BuiltApp } from './build-apps.ts';
import { KustomizeBuildError, type KustomizeBuilder } from './kustomize-builder.ts';

export interface BuildKustomizationsInput {
  readonly config: HomelabConfig;
  readonly apps: readonly BuiltApp[];
  readonly kustomize: KustomizeBuilder;
  readonly parallelism: number;
}

export async function buildKustomizations({ config, apps, kustomize, parallelism }: BuildKustomizationsInput): Promise<readonly BuiltApp[]> {
  const pending = apps.flatMap((built) => built.scope.node.findAll().filter(KustomizeDirectory.isKustomizeDirectory).map((construct) => ({ built, construct })));
  if (pending.length === 0) return apps;
  const problems: Problem[] = [];
  const failures: KustomizeBuildError[] = [];
  const outputs = await mapBounded(pending, parallelism, async ({ built, construct }) => {
    try {
      return await kustomize.build({ sourceDir: config.sourceDir, path: construct.props.path });
    } catch (error) {
      if (!(error instanceof KustomizeBuildError)) throw error;
      // The built-in template's `path` option: point at it.
      const at = typeof (built.app.options as { path?: unknown }).path === 'string' ? ['options', 'path'] : [];
      problems.push(config.files.apps.problem(['apps', built.app.index, ...at], `${describeApp(built.app)}: kustomization "${construct.props.path}" does not build: ${error.message}`));
      failures.push(error);
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems, causedBy(failures));
  for (const [index, { construct }] of pending.entries()) construct.addBuiltObjects(outputs[index]!);
  return apps;
}
