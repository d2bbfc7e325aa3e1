// `homelab graph` on the example: every format, checked against the config and the rendered Kustomizations.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { AppGraph } from '../../src/graph/model.ts';
import { runCli } from '../support/run-cli.ts';
import { EXAMPLE_DIR, appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';


const EXPECTED_MERMAID = `flowchart LR
  %% arrows point from a dependency to the apps that wait for it; dotted: automatic (homelab adds crds);
  %% "wait": the dependency has wait: true, so dependents start once all its objects are healthy
  app_crds["<b>crds</b><br/>generated · 1 object"]:::generated
  app_backup_operator["<b>backup-operator</b><br/>backup-operator · ns backup-system · 5 objects"]
  app_postgres["<b>postgres</b><br/>postgres · ns postgres · 4 objects"]
  app_blog["<b>blog</b><br/>web-app · ns blog · 5 objects"]
  app_podinfo_blue["<b>podinfo-blue</b><br/>web-app · ns podinfo-blue · 4 objects"]
  app_podinfo_green["<b>podinfo-green</b><br/>web-app · ns podinfo-green · 4 objects"]
  app_debug_tools["<b>debug-tools</b><br/>manifests · ns debug-tools · 2 objects · flux: false"]:::manual
  app_crds -.->|wait| app_postgres
  app_backup_operator -->|wait| app_postgres
  app_postgres -->|wait| app_blog
  classDef generated fill:#eef2f7,stroke:#7a8ca5
  classDef manual stroke-dasharray:5 4
`;

interface ConfigApp {
  template: string;
  id?: string;
  dependencies?: string[];
  flux?: unknown;
}

let json: AppGraph;
/** The example's dependsOn as generate-manifests writes it: dependent → dependencies, read from flux/*.yaml. */
const dependsOn = new Map<string, string[]>();
const waits = new Set<string>();
let configApps: ConfigApp[];

before(async () => {
  const graph = await runCli('graph --format json --source', EXAMPLE_DIR);
  assert.equal(graph.code, 0, graph.stderr);
  json = JSON.parse(graph.stdout) as AppGraph;

  const out = path.join(await tempDir(), 'manifests');
  const generated = await runCli('generate-manifests --source', EXAMPLE_DIR, '--output', out);
  assert.equal(generated.code, 0, generated.stderr);
  for (const file of await readdir(path.join(out, 'flux'))) {
    const k = parse(await readFile(path.join(out, 'flux', file), 'utf8')) as { metadata: { name: string }; spec: { dependsOn?: { name: string }[]; wait?: boolean } };
    dependsOn.set(k.metadata.name, (k.spec.dependsOn ?? []).map((d) => d.name));
    if (k.spec.wait) waits.add(k.metadata.name);
  }
  configApps = (parse(await readFile(path.join(EXAMPLE_DIR, 'config/apps.yaml'), 'utf8')) as { apps: ConfigApp[] }).apps;
});

describe('homelab graph on the example', () => {
  it('prints a mermaid flowchart with every app and dependency', async () => {
    const { code, stdout, stderr } = await runCli('graph --source', EXAMPLE_DIR);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, EXPECTED_MERMAID);
    assert.match(stderr, /✔ 7 apps, 3 dependencies/);
  });

  it('has one node per app of the config plus the generated crds app, with template, namespace and object count', () => {
    const ids = configApps.map((app) => app.id ?? app.template);
    assert.deepEqual(json.apps.map((app) => app.id), ['crds', ...ids]);
    const blog = json.apps.find((app) => app.id === 'blog')!;
    assert.deepEqual({ template: blog.template, namespace: blog.namespace, objects: blog.objects }, { template: 'web-app', namespace: 'blog', objects: 5 });
    const debugTools = json.apps.find((app) => app.id === 'debug-tools')!;
    assert.equal(debugTools.kustomization, undefined, 'flux: false has no Kustomization');
    assert.equal(json.apps.find((app) => app.id === 'crds')!.generated, true);
  });

  it('has an edge for every dependsOn of every rendered Kustomization, and no other', () => {
    const expected = [...dependsOn].flatMap(([app, deps]) => deps.map((d) => `${app}->${d}`)).sort();
    assert.deepEqual(json.edges.map((e) => `${e.dependent}->${e.dependency}`).sort(), expected);
    assert.ok(expected.includes('postgres->crds'), 'the automatic crds edge is rendered');
  });

  it('marks edges from config dependencies, automatic crds edges and wait dependencies', () => {
    for (const edge of json.edges) {
      const declared = configApps.find((app) => (app.id ?? app.template) === edge.dependent)?.dependencies ?? [];
      assert.equal(edge.kind, declared.includes(edge.dependency) ? 'dependency' : 'crds', `${edge.dependent}->${edge.dependency}`);
      assert.equal(edge.wait, waits.has(edge.dependency), `${edge.dependent}->${edge.dependency} wait`);
    }
    assert.deepEqual(json.edges.filter((e) => e.kind === 'crds').map((e) => e.dependent), ['postgres']);
  });

  it('prints dot with every node and edge, crds edges dashed and wait edges labelled', async () => {
    const { code, stdout } = await runCli('graph --format dot --source', EXAMPLE_DIR);
    assert.equal(code, 0);
    assert.match(stdout, /^digraph apps \{\n/);
    for (const app of json.apps) assert.match(stdout, new RegExp(`^  "${app.id}" \\[label="${app.id}\\\\n`, 'm'));
    assert.match(stdout, /^ {2}"crds" -> "postgres" \[style=dashed, label="wait"\];$/m);
    assert.match(stdout, /^ {2}"backup-operator" -> "postgres" \[label="wait"\];$/m);
    assert.match(stdout, /^ {2}"debug-tools" \[label="[^"]*flux: false", style="rounded,dashed"\];$/m);
    assert.equal(stdout.match(/ -> /g)?.length, json.edges.length);
  });

  it('writes an svg laid out without overlaps, every dependency left of its dependents', async () => {
    const file = path.join(await tempDir(), 'graph.svg');
    const { code, stderr } = await runCli('graph --format svg --source', EXAMPLE_DIR, '--output', file);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /✔ wrote ".*graph\.svg" \(svg\): 7 apps, 3 dependencies/);
    const svg = await readFile(file, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
    const boxes = [...svg.matchAll(/<g class="app[^"]*"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*\/><text class="title"[^>]*>([^<]+)</g)].map((m) => ({
      id: m[5]!, x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]),
    }));
    assert.deepEqual(boxes.map((b) => b.id), json.apps.map((a) => a.id));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        assert.ok(apart, `${a.id} and ${b.id} overlap`);
      }
    }
    const box = new Map(boxes.map((b) => [b.id, b]));
    for (const edge of json.edges) assert.ok(box.get(edge.dependency)!.x + box.get(edge.dependency)!.w < box.get(edge.dependent)!.x, `${edge.dependency} left of ${edge.dependent}`);
    assert.equal(svg.match(/<path class="edge/g)?.length, json.edges.length);
    assert.equal(svg.match(/<path class="edge crds wait"/g)?.length, 1);
  });

  it('is the same for the same input, byte for byte', async () => {
    const first = await runCli('graph --format svg --source', EXAMPLE_DIR);
    const second = await runCli('graph --format svg --source', EXAMPLE_DIR);
    assert.equal(first.stdout, second.stdout);
  });

  it('draws an empty source as an empty picture', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': appsYaml('') });
    const { code, stdout, stderr } = await runCli('graph --format svg --source', source);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^<svg [^>]*width="520" height="28"/);
    assert.match(stderr, /✔ 0 apps, 0 dependencies/);
  });

  it('refuses an unknown format and writes nothing for an invalid source', async () => {
    const unknown = await runCli('graph --format png --source', EXAMPLE_DIR);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /--format <format>' argument 'png' is invalid. Allowed choices are mermaid, dot, json, svg/);

    const source = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: blog\n    dependencies: [postgress]\n    options: { image: nginx }\n') });
    const file = path.join(await tempDir(), 'graph.svg');
    const bad = await runCli('graph --format svg --source', source, '--output', file);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /config\/apps\.yaml:\d+:\d+ apps\[0\]\.dependencies\[0\]: unknown app "postgress"/);
    await assert.rejects(readFile(file), { code: 'ENOENT' });
  });
});
