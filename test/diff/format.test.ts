import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffTrees } from '../../src/diff/compare.ts';
import type { DiffReport } from '../../src/diff/report.ts';
import { formatDiff } from '../../src/diff/format.ts';
import { DEFAULT_FILTERS, describeFilter } from '../../src/diff/noise-filters.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { toYaml } from '../../src/render/serialize.ts';

function configMap(app: string, name: string, value: string): [string, string] {
  const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: app }, data: { value } };
  return [`${app}/11-configmap-${name}.yaml`, toYaml(object)];
}

const SECRET: [string, string] = ['blog/09-secret-db.yaml', toYaml({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'blog' }, stringData: { password: 'hunter2' } })];

function report(before: [string, string][], after: [string, string][]): DiffReport {
  const diff = diffTrees(new Map(before), new Map(after), DEFAULT_FILTERS);
  const sum = (key: 'added' | 'changed' | 'removed') => diff.apps.reduce((n, app) => n + app[key], 0);
  return { ...diff, against: 'directory "old"', filters: DEFAULT_FILTERS.map(describeFilter), totals: { added: sum('added'), changed: sum('changed'), removed: sum('removed') }, equal: diff.apps.length === 0 };
}

const changes = report([configMap('blog', 'settings', 'a'), configMap('shop', 'gone', 'x')], [configMap('blog', 'settings', 'b'), configMap('shop', 'new', 'y'), SECRET]);

describe('formatDiff', () => {
  it('text: per app, per object, with the unified diff and the filters in effect', () => {
    const text = formatDiff(changes, 'text');
    assert.match(text, /^comparing the render with directory "old"\n\nblog: 1 added, 1 changed\n\+ Secret\/blog\/db \(blog\/09-secret-db\.yaml\)\n {4}--- \/dev\/null\n/);
    assert.match(text, /~ ConfigMap\/blog\/settings \(blog\/11-configmap-settings\.yaml\)\n[^]*\n {4}- {2}value: a\n {4}\+ {2}value: b\n/);
    assert.match(text, /\nshop: 1 added, 1 removed\n- ConfigMap\/shop\/gone [^]*\+ ConfigMap\/shop\/new /);
    assert.match(text, /\n2 apps changed: 2 added, 1 changed, 1 removed\nnoise filters: label helm\.sh\/chart, label chart, annotation checksum\/\*; Secret values masked\n$/);
  });

  it('markdown: a summary table, collapsible details per app, the filters', () => {
    const markdown = formatDiff(changes, 'markdown');
    assert.match(markdown, /^### homelab diff\n\nCompared with directory "old"\.\n\n\| app \| added \| changed \| removed \|\n\|---\|---:\|---:\|---:\|\n\| `blog` \| 1 \| 1 \| 0 \|\n\| `shop` \| 1 \| 0 \| 1 \|\n\| \*\*total\*\* \| \*\*2\*\* \| \*\*1\*\* \| \*\*1\*\* \|\n\n/);
    assert.match(markdown, /<details><summary><b>blog<\/b>: 1 added, 1 changed<\/summary>\n\n\*\*added\*\* `Secret\/blog\/db` \(`blog\/09-secret-db\.yaml`\)\n\n```diff\n--- \/dev\/null\n/);
    assert.equal(markdown.match(/<details>/g)!.length, 2);
    assert.equal(markdown.match(/<\/details>/g)!.length, 2);
    assert.match(markdown, /<sub>noise filters: label helm\.sh\/chart, label chart, annotation checksum\/\*; Secret values masked<\/sub>\n$/);
    assert.doesNotMatch(markdown, /Truncated/);
  });

  it('json: the whole report, for machines', () => {
    const json = JSON.parse(formatDiff(changes, 'json'));
    assert.equal(json.equal, false);
    assert.deepEqual(json.totals, { added: 2, changed: 1, removed: 1 });
    assert.deepEqual(json.filters, ['label helm.sh/chart', 'label chart', 'annotation checksum/*']);
    assert.deepEqual(json.apps.map((app: { id: string }) => app.id), ['blog', 'shop']);
    assert.deepEqual(Object.keys(json.apps[0].objects[0]).sort(), ['change', 'diff', 'file', 'object']);
  });

  it('masks Secret values in every format', () => {
    for (const format of ['text', 'markdown', 'json'] as const) {
      const output = formatDiff(changes, format);
      assert.doesNotMatch(output, /hunter2/, format);
      assert.match(output, /password: \\?"<masked>\\?"/, format);
    }
  });

  it('markdown says there are no changes when the renders are equal', () => {
    const markdown = formatDiff(report([configMap('blog', 'settings', 'a')], [configMap('blog', 'settings', 'a')]), 'markdown');
    assert.match(markdown, /\*\*No changes\*\*/);
  });

  it('markdown stays under --max-bytes and says so above the details', () => {
    const many = report([], Array.from({ length: 40 }, (_, i) => configMap(`app-${String(i).padStart(2, '0')}`, 'settings', 'x'.repeat(200))));
    const full = formatDiff(many, 'markdown', 1_000_000);
    assert.ok(Buffer.byteLength(full) > 4000);
    const cut = formatDiff(many, 'markdown', 4000);
    assert.ok(Buffer.byteLength(cut) <= 4000, `${Buffer.byteLength(cut)} bytes`);
    assert.match(cut, /\n\n> \[!WARNING\]\n> Truncated to fit --max-bytes 4000: details of \d+ of 40 apps are not shown\. Run `homelab diff` locally for everything\.\n\n<details>/);
    assert.equal(cut.match(/<details>/g)!.length, cut.match(/<\/details>/g)!.length, 'every details block is closed');
    assert.equal((cut.match(/```/g) ?? []).length % 2, 0, 'every code fence is closed');
    assert.match(cut, /<sub>noise filters: /);
  });

  it('markdown truncates even the table when it alone is too large', () => {
    const many = report([], Array.from({ length: 300 }, (_, i) => configMap(`app-${String(i).padStart(3, '0')}`, 'settings', 'x')));
    const cut = formatDiff(many, 'markdown', 3000);
    assert.ok(Buffer.byteLength(cut) <= 3000, `${Buffer.byteLength(cut)} bytes`);
    assert.match(cut, /Truncated to fit --max-bytes 3000: \d+ of 300 apps are missing from the table; details of 300 of 300 apps are not shown/);
    assert.match(cut, /\| \*\*total\*\* \| \*\*300\*\* \| \*\*0\*\* \| \*\*0\*\* \|/);
  });

  it('text truncates at --max-bytes with a note', () => {
    const many = report([], Array.from({ length: 40 }, (_, i) => configMap(`app-${String(i).padStart(2, '0')}`, 'settings', 'x'.repeat(200))));
    const cut = formatDiff(many, 'text', 3000);
    assert.ok(Buffer.byteLength(cut) <= 3000, `${Buffer.byteLength(cut)} bytes`);
    assert.match(cut, /\n… truncated to fit --max-bytes 3000: \d+ of 40 object diffs not shown; run without --max-bytes for everything\n/);
    assert.match(cut, /40 apps changed: 40 added, 0 changed, 0 removed\n/);
  });
});
