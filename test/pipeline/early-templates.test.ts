// A command that renders starts the templates' worker with its runtime, before it loads the render: the first render
// takes that worker, and a command that fails before rendering ends it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRuntime, withRuntime } from '../../src/cli/runtime.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import type { SpawnedWorker } from '../../src/pipeline/template-worker/spawn.ts';
import { testEnv } from '../support/env.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';

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
});
