// Checks that need the whole app list: ids, reserved names, dependencies and cycles.
import type { Problem } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { isDnsLabel } from '../model/names.ts';
import { GENERATED_DIRS } from '../model/tree.ts';
import type { AppSpec } from './model.ts';
import type { YamlFile } from './yaml-file.ts';

export function checkApps(apps: readonly AppSpec[], file: YamlFile, rawIds: readonly (string | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const idPath = (app: AppSpec) => (rawIds[app.index] === undefined ? ['apps', app.index, 'template'] : ['apps', app.index, 'id']);

  const firstById = new Map<string, AppSpec>();
  for (const app of apps) {
    if (!isDnsLabel(app.id)) {
      // Only reachable through a template name, since explicit ids are checked by the schema.
      problems.push(file.problem(idPath(app), `template name "${app.template}" is not a valid app id (a DNS-1123 label); set "id" for this app`));
      continue;
    }
    if (GENERATED_DIRS.includes(app.id)) {
      problems.push(file.problem(idPath(app), `id "${app.id}" is reserved for homelab's own output (${GENERATED_DIRS.join(', ')}); choose another id`));
      continue;
    }
    const first = firstById.get(app.id);
    if (first) {
      problems.push(file.problem(idPath(app), `duplicate id "${app.id}", already used by apps[${first.index}]; give one of them a different "id"`));
      continue;
    }
    firstById.set(app.id, app);
  }

  for (const app of apps) {
    for (const [i, dependency] of app.dependencies.entries()) {
      const target = firstById.get(dependency);
      const where = ['apps', app.index, 'dependencies', i];
      if (!target) {
        problems.push(file.problem(where, `unknown app "${dependency}"${didYouMean(dependency, firstById.keys())}`));
      } else if (app.flux !== false && target.flux === false) {
        problems.push(file.problem(where, `"${dependency}" has flux: false, so Flux could never see it Ready; remove the dependency or deploy "${dependency}" with Flux`));
      }
    }
  }
  if (problems.length === 0) {
    const cycle = findCycle(apps);
    if (cycle) {
      const start = apps.find((app) => app.id === cycle[0])!;
      problems.push(file.problem(['apps', start.index, 'dependencies'], `dependency cycle: ${cycle.join(' -> ')}`));
    }
  }
  return problems;
}

/** Depth-first search over dependencies; returns the first cycle as ids, closed (`a -> b -> a`). */
export function findCycle(apps: readonly AppSpec[]): string[] | undefined {
  const byId = new Map(apps.map((app) => [app.id, app]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dependency of byId.get(id)?.dependencies ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const app of apps) {
    const cycle = visit(app.id);
    if (cycle) return cycle;
  }
  return undefined;
}
