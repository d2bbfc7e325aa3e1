// Config + templates + render for one source repository: what generate, validate, diff and publish share.
import { readLock } from '../assets/lock.ts';
import { AssetResolver } from '../assets/resolve.ts';
import { loadConfig } from '../config/load.ts';
import { ConfigError, formatProblem, type Problem } from '../errors.ts';
import type { HomelabConfig } from '../config/model.ts';
import { builtinTemplates } from '../templates/builtin/index.ts';
import { loadTemplates } from '../templates/load.ts';
import { sourceFiles } from '../templates/source-files.ts';
import { validateRender } from '../validate/validate.ts';
import { render, type RenderResult } from './render.ts';

export interface SourceRender extends RenderResult {
  readonly config: HomelabConfig;
}

export async function renderSource(sourceDir: string): Promise<SourceRender> {
  const config = await loadConfig(sourceDir);
  const templates = await loadTemplates(config, { builtins: builtinTemplates });
  const assets = new AssetResolver(config.sourceDir, await readLock(config.sourceDir));
  const fileWarnings: Problem[] = [];
  const result = await render({ config, templates, files: sourceFiles(config.sourceDir, fileWarnings), assets });
  // Nothing invalid is ever written or published: every caller gets a validated render or a ConfigError.
  const problems = await validateRender({ config, apps: result.apps });
  if (problems.length > 0) throw new ConfigError(problems);
  // Charts may be templated in several rounds (and files read by several apps): report each warning once.
  const seen = new Set<string>();
  const warnings = [...fileWarnings, ...result.warnings].filter((warning) => !seen.has(formatProblem(warning)) && seen.add(formatProblem(warning)));
  return { ...result, warnings, config };
}
