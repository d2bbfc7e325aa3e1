// Runs one app's template: parse its options, resolve its assets, build its cdk8s Chart; later, collect
// the chart's objects as JSON (after the Helm phase has filled in any helmChart constructs).
import { ApiObject, App, Chart } from 'cdk8s';
import path from 'node:path';
import { AssetError, type AssetResolver } from '../assets/resolve.ts';
import type { AppSpec, HomelabConfig } from '../config/model.ts';
import { zodProblems } from '../config/zod-problems.ts';
import { ConfigError, messageOf, type Problem } from '../errors.ts';
import type { SourceFiles, Template } from '../templates/contract.ts';
import type { KubeObject } from './kube-object.ts';

export interface BuildAppInput {
  readonly config: HomelabConfig;
  readonly app: AppSpec;
  readonly template: Template;
  readonly files: SourceFiles;
  readonly assets: AssetResolver;
}

/** An app whose template has run: its own cdk8s App holds the constructs. */
export interface BuiltApp {
  readonly app: AppSpec;
  readonly scope: App;
}

export async function buildApp({ config, app, template, files, assets }: BuildAppInput): Promise<BuiltApp> {
  const appsFile = config.files.apps;
  const parsed = await template.options.safeParseAsync(app.options);
  if (!parsed.success) {
    throw new ConfigError(zodProblems(parsed.error, appsFile, template.options, app.options, ['apps', app.index, 'options']));
  }
  const where = describeApp(app);
  const fail = (message: string, cause?: unknown): never => {
    throw new ConfigError([{ ...appsFile.problem(['apps', app.index], message), ...templateFrame(config, app.template, cause) }], { cause });
  };

  let resolvedAssets;
  try {
    const declared = typeof template.assets === 'function' ? template.assets(parsed.data) : template.assets ?? {};
    resolvedAssets = await assets.resolve(template.name, declared);
  } catch (error) {
    if (error instanceof AssetError) throw new ConfigError([appsFile.problem(['apps', app.index], `${where}: ${error.message}`)]);
    return fail(`${where} failed to declare its assets: ${messageOf(error)}`, error);
  }

  // Each app gets its own cdk8s App, so templates cannot see or collide with each other's constructs.
  const scope = new App();
  let chart: unknown;
  try {
    chart = await template.build(scope, {
      id: app.id,
      namespace: app.namespace,
      options: parsed.data,
      kubeVersion: config.flux.kubeVersion,
      files,
      assets: resolvedAssets,
    });
  } catch (error) {
    return fail(`${where} failed to render: ${messageOf(error)}`, error);
  }
  if (!Chart.isChart(chart)) {
    return fail(`${where} returned ${chart === undefined ? 'nothing' : 'something that is not a cdk8s Chart'} from build(): create the chart under the given scope and return it (\`const chart = new Chart(scope, app.id); …; return chart\`)`);
  }
  return { app, scope };
}

/** The app's objects as plain JSON, each with apiVersion, kind and metadata.name. */
export function collectObjects(config: HomelabConfig, built: BuiltApp): KubeObject[] {
  const { app, scope } = built;
  const where = describeApp(app);
  const appsFile = config.files.apps;
  const objects: KubeObject[] = [];
  try {
    for (const construct of scope.node.findAll()) {
      if (ApiObject.isApiObject(construct)) objects.push(construct.toJson() as KubeObject);
    }
  } catch (error) {
    throw new ConfigError([appsFile.problem(['apps', app.index], `${where} produced an object that cannot be serialized: ${messageOf(error)}`)], { cause: error });
  }
  const problems = objects.flatMap((object, i) => identityProblems(object, i)).map((message) => appsFile.problem(['apps', app.index], `${where} ${message}`));
  if (problems.length > 0) throw new ConfigError(problems);
  return objects;
}

export function describeApp(app: AppSpec): string {
  return `app "${app.id}" (template "${app.template}")`;
}

function identityProblems(object: KubeObject, index: number): string[] {
  const missing = [
    typeof object.apiVersion === 'string' && object.apiVersion !== '' ? undefined : 'apiVersion',
    typeof object.kind === 'string' && object.kind !== '' ? undefined : 'kind',
    typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? undefined : 'metadata.name',
  ].filter((field) => field !== undefined);
  if (missing.length === 0) return [];
  const label = object.kind ? `${object.kind}${object.metadata?.name ? ` "${object.metadata.name}"` : ''}` : `object #${index + 1}`;
  return [`rendered ${label} without ${missing.join(', ')}`];
}

/** For user templates, point at the line in the template that threw, when the stack shows it. */
function templateFrame(config: HomelabConfig, template: string, cause: unknown): Partial<Problem> {
  const stack = cause instanceof Error ? cause.stack ?? '' : '';
  const dir = path.join(config.sourceDir, 'templates', template) + path.sep;
  for (const line of stack.split('\n')) {
    const match = /\(?(?:file:\/\/)?([^()\s?]+)(?:\?[^()\s]*)?:(\d+):(\d+)\)?$/.exec(line.trim());
    if (match && match[1]!.startsWith(dir)) {
      const relative = path.relative(config.sourceDir, match[1]!).split(path.sep).join('/');
      return { file: relative, position: { line: Number(match[2]), column: Number(match[3]) } };
    }
  }
  return {};
}
