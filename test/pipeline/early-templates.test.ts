// A command that renders starts the templates' worker with its runtime, before it loads the render: the first render
// takes that worker, and a command that fails before rendering ends it. A render ends it as soon as nothing is left
// for it to do: after the build, unless a helmChart transform runs in the Helm phase.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRuntime, withRuntime } from '../../src/cli/runtime.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import type { SpawnedWorker } from '../../src/pipeline/template-worker/spawn.ts';
import { testEnv } from '../support/env.ts';
import { appsYaml, exampleCopy, sourceRepo } from '../support/source-repo.ts';

describe('the templates\' worker started with the runtime', () => {
  it('is taken by the first render, once, and renders as a worker started there would', async () => {
    const runtime = createRuntime(testEnv(), { templates: true });
    let taken: SpawnedWorker | undefined;
    const first = runtime.takeTemplates!;
    const watched = { ...runtime, takeTemplates: () => (taken = first()) };
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: blog\n    options: { image: ghcr.io/example/blog:1.0.0, port: 8080 }\n') });
    const { tree } = await renderSource(dir, watched);
    assert.ok(taken, 'the render took the worker started with the runtime');
    assert.ok([...tree.keys()].some((file) => file.startsWith('blog/')));
    assert.equal(runtime.takeTemplates!(), undefined, 'only once');
    assert.equal(createRuntime(testEnv()).takeTemplates!(), undefined, 'none unless asked for');
  });

  it('is ended when the command fails before it renders', async () => {
    let worker: SpawnedWorker['worker'] | undefined;
    const failed = withRuntime(testEnv(), { templates: true }, async (runtime) => {
      const spawned = runtime.takeTemplates!();
      worker = spawned!.worker;
      // Put back as if never taken: withRuntime must end it.
      Object.assign(runtime, { takeTemplates: () => spawned });
      throw new Error('bad flags');
    });
    await assert.rejects(failed, /bad flags/);
    assert.ok(worker);
    assert.equal(worker.threadId, -1, 'ended by the time the command is');
  });

  it('ends once the apps are built when no helmChart transform needs it in the Helm phase', async () => {
    assert.equal(await aliveInHelmPhase(await exampleCopy()), false);
  });

  it('stays through the Helm phase when a helmChart has a transform', async () => {
    const source = await exampleCopy();
    const file = path.join(source, 'templates/backup-operator/index.ts');
    const original = await readFile(file, 'utf8');
    const edited = original.replace('values: { replicaCount', 'transform: (objects) => objects, values: { replicaCount');
    assert.notEqual(edited, original);
    await writeFile(file, edited);
    assert.equal(await aliveInHelmPhase(source), true);
  });
});

/** Whether the worker the render took is still running while the render's first chart is templated. */
async function aliveInHelmPhase(source: string): Promise<boolean> {
  const runtime = createRuntime(testEnv(), { templates: true });
  let worker: SpawnedWorker['worker'] | undefined;
  let alive: boolean | undefined;
  const first = runtime.takeTemplates!;
  const charts = runtime.charts;
  const watched = {
    ...runtime,
    takeTemplates: () => {
      const taken = first();
      worker = taken?.worker;
      return taken;
    },
    charts: {
      ...charts,
      render: async (request: Parameters<typeof charts.render>[0]) => {
        // Ending takes a moment: given longer than the worker's own grace for open handles, it is either over or not coming.
        alive ??= !(await exited(worker!, 3_000));
        return charts.render(request);
      },
    },
  };
  await renderSource(source, watched);
  assert.ok(worker, 'the render took the worker started with the runtime');
  assert.notEqual(alive, undefined, 'a chart was templated');
  return alive!;
}

function exited(worker: SpawnedWorker['worker'], ms: number): Promise<boolean> {
  if (worker.threadId === -1) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
