// Stage "build apps": runs every app's template (parse its options, resolve its assets, build its cdk8s Chart).
// Pure apart from what is passed in: the templates, the source repo's files and the asset resolver.
import { App, Chart } from 'cdk8s';
import path from 'node:path';
import { z } from 'zod';
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
  /** Runs each piece of template code (options schema, assets, build()); the pipeline isolates and times them. @default calls it */
  readonly step?: TemplateStep;
}

/** Runs one piece of an app's template code: `run` is the template's own function, called once. */
export type TemplateStep = <T>(app: AppSpec, step: 'options' | 'assets' | 'build', run: () => T) => T;

const callIt: TemplateStep = (_app, _step, run) => run();

/** An app whose template has run: its own cdk8s App holds the constructs. */
export interface BuiltApp {
  readonly app: AppSpec;
  readonly scope: App;
  /** A digest of everything the app's templates built, when the templates' worker built it (the render memo's key). */
  readonly digest?: string;
}

/** Every app of the config, in config order; every template failure is reported at once. */
export async function buildApps({ config, templates, files, assets, step = callIt }: BuildAppsInput): Promise<BuiltApp[]> {
  const problems: Problem[] = [];
  const failures: ConfigError[] = [];
  const built: BuiltApp[] = [];
  // Templates are independent: run them all and report every failure at once.
  const results = await Promise.allSettled(config.apps.map((app) => buildApp({ config, app, template: templates.get(app.template)!, files, assets, step })));
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
  readonly step: TemplateStep;
}

async function buildApp({ config, app, template, files, assets, step }: BuildAppInput): Promise<BuiltApp> {
  const appsFile = config.files.apps;
  const parsed = await step(app, 'options', () => template.options.safeParseAsync(app.options));
  if (!parsed.success) {
    throw new ConfigError(optionProblems(parsed.error, app, appsFile, template));
  }
  const where = describeApp(app);
  const fail = (message: string, cause?: unknown): never => {
    throw new ConfigError([{ ...appsFile.problem(['apps', app.index], message), ...templateFrame(config, app.template, cause) }], { cause });
  };

  let resolvedAssets;
  try {
    const declared = step(app, 'assets', () => (typeof template.assets === 'function' ? template.assets(parsed.data) : template.assets ?? {}));
    resolvedAssets = await assets.resolve(template.name, declared);
  } catch (error) {
    if (error instanceof AssetError) throw new ConfigError([appsFile.problem(['apps', app.index], `${where}: ${error.message}`)], { cause: error });
    return fail(`${where} failed to declare its assets: ${messageOf(error)}`, error);
  }

  // Each app gets its own cdk8s App, so templates cannot see or collide with each other's constructs.
  const scope = new App();
  let chart: unknown;
  try {
    chart = await step(app, 'build', () => template.build(scope, {
      id: app.id,
      namespace: app.namespace,
      options: parsed.data,
      kubeVersion: config.flux.kubeVersion,
      cluster: config.cluster,
      files,
      assets: resolvedAssets,
    }));
  } catch (error) {
    return fail(`${where} failed to render: ${messageOf(error)}`, error);
  }
  if (!Chart.isChart(chart)) {
    return fail(`${where} returned ${chart === undefined ? 'nothing' : 'something that is not a cdk8s Chart'} from build(): create the chart under the given scope and return it (\`const chart = new Chart(scope, app.id); …; return chart\`)`);
  }
  return { app, scope };
}

/** A cluster's override is blamed for the keys it sets; apps.yaml for the rest. */
function optionProblems(error: z.ZodError, app: AppSpec, appsFile: HomelabConfig['files']['apps'], template: Template): Problem[] {
  const override = app.optionsOverride;
  const fromOverride = (issue: z.core.$ZodIssue) => override !== undefined && override.keys.has(String(issue.path[0]));
  const mine = error.issues.filter(fromOverride);
  const theirs = error.issues.filter((issue) => !fromOverride(issue));
  return [
    ...(theirs.length > 0 ? zodProblems(new z.ZodError(theirs), appsFile, template.options, app.options, ['apps', app.index, 'options']) : []),
    ...(override && mine.length > 0 ? zodProblems(new z.ZodError(mine), override.file, template.options, app.options, override.path) : []),
  ];
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
