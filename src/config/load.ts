// Reads config/apps.yaml and config/flux.yaml from a source repo and returns the validated config.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, HomelabError, type Problem } from '../errors.ts';
import { checkApps } from './check-apps.ts';
import type { AppSpec, HomelabConfig } from './model.ts';
import { appsConfigSchema, fluxConfigSchema, type FluxConfig } from './schema.ts';
import { YamlFile } from './yaml-file.ts';
import { zodProblems } from './zod-problems.ts';
import { MAX_CONFIG_BYTES, sizeProblem } from '../yaml/limits.ts';

export const APPS_FILE = 'config/apps.yaml';
export const FLUX_FILE = 'config/flux.yaml';

export async function loadConfig(sourceDir: string): Promise<HomelabConfig> {
  const root = path.resolve(sourceDir);
  await requireConfigDir(root, sourceDir);

  // Parse both files before reporting, so the user sees every problem at once.
  const problems: Problem[] = [];
  const [appsFile, fluxFile] = await Promise.all([readYaml(root, APPS_FILE, problems), readYaml(root, FLUX_FILE, problems)]);

  let flux: FluxConfig | undefined;
  if (fluxFile) {
    const parsed = fluxConfigSchema.safeParse(fluxFile.data);
    if (parsed.success) {
      flux = parsed.data;
      problems.push(...checkPaths(flux, fluxFile));
    } else {
      problems.push(...zodProblems(parsed.error, fluxFile, fluxConfigSchema, fluxFile.data));
    }
  }

  let apps: AppSpec[] | undefined;
  if (appsFile) {
    const parsed = appsConfigSchema.safeParse(appsFile.data);
    if (parsed.success) {
      const raw = parsed.data.apps ?? [];
      apps = raw.map((app, index) => ({
        index,
        id: app.id ?? app.template,
        template: app.template,
        namespace: app.namespace ?? app.id ?? app.template,
        dependencies: app.dependencies,
        options: app.options ?? {},
        flux: app.flux === true ? {} : app.flux,
      }));
      problems.push(...checkApps(apps, appsFile, raw.map((app) => app.id)));
    } else {
      problems.push(...zodProblems(parsed.error, appsFile, appsConfigSchema, appsFile.data));
    }
  }

  if (problems.length > 0 || !apps || !flux || !appsFile || !fluxFile) throw new ConfigError(problems);
  return { sourceDir: root, apps, flux, files: { apps: appsFile, flux: fluxFile } };
}

async function requireConfigDir(root: string, given: string): Promise<void> {
  const dir = path.join(root, 'config');
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new HomelabError(
      `no config directory at "${path.join(given, 'config')}": pass the source repository with --source DIR, or create one with \`homelab init DIR\``,
    );
  }
}

async function readYaml(root: string, file: string, problems: Problem[]): Promise<YamlFile | undefined> {
  let text: Buffer;
  try {
    // A huge file is refused before it is read (YamlFile.parse checks the limit again on what it gets).
    const { size } = await stat(path.join(root, file));
    if (size > MAX_CONFIG_BYTES) {
      problems.push(sizeProblem(file, size, MAX_CONFIG_BYTES));
      return undefined;
    }
    text = await readFile(path.join(root, file));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problems.push({ file, message: missing ? 'file not found: every source repository needs it (see `homelab init`)' : `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  try {
    return YamlFile.parse(file, text);
  } catch (error) {
    if (error instanceof ConfigError) {
      problems.push(...error.problems);
      return undefined;
    }
    throw error;
  }
}

/** publish replaces appsPath wholesale, so it must never contain, or sit inside, Flux's own path. */
function checkPaths(flux: FluxConfig, file: YamlFile): Problem[] {
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  if (inside(flux.appsPath, flux.path) || inside(flux.path, flux.appsPath)) {
    return [file.problem(['appsPath'], `"${flux.appsPath}" overlaps path "${flux.path}" (where flux bootstrap keeps flux-system); use separate folders`)];
  }
  return [];
}
