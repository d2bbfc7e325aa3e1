// Stage "build apps": runs every app's template (parse its options, resolve its assets, build its cdk8s Chart).
// Pure apart from what is passed in: the templates, the source repo's files and the asset resolver.
import { App, Chart } from 'cdk8s';
import path from 'node:path';
import type { AppSpec, HomelabConfig } from '../config/model.ts';
import { zodProblems } from '../config/zod-problems.ts';
import { AssetError, causedBy, ConfigError, messageOf, type Problem } from '../errors.ts';
import type { AssetMap, ResolvedAsset } from '../templates/asset-spec.ts';
import type { SourceFiles, Template, TemplateSet } from '../templates/contract.ts';

/** Resolves a template's declared assets to vendored files; throws an AssetError for a missing or altered one. */
export interface AssetResolver {
  resolve(template: string, assets: AssetMap): Promise<Record<string, ResolvedAsset>>;
}

export interface BuildAppsInput {
  readonly config: HomelabConfig;
  readonly templates: TemplateSet;
  readonly files: SourceFiles;
  readonly assets: AssetResolver;
}

/** An app whose template has run: its own cdk8s App holds the constructs. */
export interface BuiltApp {
  readonly app: AppSpec;
  readonly scope: App;
}

/** Every app of the config, in config order; every template failure is reported at once. */
export async function buildApps({ config, templates, files, assets }: BuildAppsInput): Promise<BuiltApp[]> {
  const problems: Problem[] = [];
  const failures: ConfigError[] = [];
  const built: BuiltApp[] = [];
  // Templates are independent: run them all and report every failure at once.
  const results = await Promise.allSettled(config.apps.map((app) => buildApp({ config, app, template: templates.get(app.template)!, files, assets })));
  for (const result of results) {
    if (result.status === 'fulfilled') built.push(result.value);
    else if (result.reason instanceof ConfigError) {
      problems.push(...result.reason.problems);
      failures.push(result.reason);
    } else throw result.reason;
  }
  if (problems.length > 0) throw new ConfigError(problems, causedBy(failures));
  return built;
}

interface BuildAppInput {
  readonly config: HomelabConfig;
  readonly app: AppSpec;
  readonly template: Template;
  readonly files: SourceFiles;
  readonly assets: AssetResolver;
}

async function buildApp({ config, app, template, files, assets }: BuildAppInput): Promise<BuiltApp> {
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
    if (error instanceof AssetError) throw new ConfigError([appsFile.problem(['apps', app.index], `${where}: ${error.message}`)], { cause: error });
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

export function describeApp(app: AppSpec): string {
  return `app "${app.id}" (template "${app.template}")`;
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
