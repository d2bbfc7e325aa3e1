// `homelab report` on the example, opened from file:// in a real headless Chromium (Debian's, driven by playwright-core).
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { runCli, runCliWith } from '../support/run-cli.ts';
import { EXAMPLE_DIR, exampleCopy, tempDir } from '../support/source-repo.ts';
import { REPO_ROOT } from '../support/tools.ts';

/** Screenshots land here (gitignored), for people to look at after a run. */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

let browser: Promise<Browser> | undefined;
let reportFile: string;
/** The report written before the tests; awaited by each test, so a failure shows in every test's own error (CI shows those). */
let prepared: Promise<void>;
/** What generate-manifests writes for the example: app → its object files. */
const rendered = new Map<string, string[]>();
const kinds = new Map<string, string>();

/** Opens a page from file://, recording console messages, page errors and every request. */
async function open(file: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  await prepared;
  // Launched on first use, so a browser that cannot start fails the tests that need it, with Playwright's launch log.
  browser ??= launchChromium();
  const page = await (await browser).newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(file.startsWith('file:') ? file : pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, requests };
}

before(() => {
  prepared = prepare();
  prepared.catch(() => {}); // reported by the tests that await it
});

async function prepare(): Promise<void> {
  // The previous state to diff against: the example with podinfo-blue at 3 replicas instead of 2.
  const changed = await exampleCopy();
  const config = path.join(changed, 'config/apps.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('replicas: 2', 'replicas: 3'));
  const previous = path.join(await tempDir(), 'previous');
  const generated = await runCli('generate-manifests --source', changed, '--output', previous);
  assert.equal(generated.code, 0, generated.stderr);

  const current = path.join(await tempDir(), 'current');
  const generatedNow = await runCli('generate-manifests --source', EXAMPLE_DIR, '--output', current);
  assert.equal(generatedNow.code, 0, generatedNow.stderr);
  for (const dir of await readdir(current)) {
    if (dir === 'flux' || dir === 'flux-bootstrap' || dir.startsWith('.')) continue;
    const files = (await readdir(path.join(current, dir))).sort();
    rendered.set(dir, files);
    for (const file of files) kinds.set(`${dir}/${file}`, /^kind: (\S+)$/m.exec(await readFile(path.join(current, dir, file), 'utf8'))![1]!);
  }

  const output = path.join(await tempDir(), 'report');
  // No kubeconfig anywhere: the report is written without live status and says so.
  const result = await runCliWith({ KUBECONFIG: undefined, HOME: await tempDir() }, 'report --source', EXAMPLE_DIR, '--output', output, '--against', previous);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /⚠ no live status: no kubeconfig/);
  assert.match(result.stderr, /✔ wrote ".*index\.html" \(\d+ KiB\): 7 apps/);
  reportFile = path.join(output, 'index.html');
}

after(async () => {
  await (await browser?.catch(() => undefined))?.close();
});

describe('homelab report on the example, in headless Chromium from file://', () => {
  it('is one self-contained file: no links to anything, and a policy that forbids every fetch', async () => {
    await prepared;
    const html = await readFile(reportFile, 'utf8');
    assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href|data)=/i);
    assert.doesNotMatch(html, /@import|url\((?!#)/i, 'no stylesheet or image fetched by the CSS');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('loads without console errors or network requests and shows every app in the graph', async () => {
    const { page, problems, requests } = await open(reportFile);
    await page.waitForSelector('#graph g[data-app]');
    const shown = await page.$$eval('#graph g[data-app]', (nodes) => nodes.map((n) => n.getAttribute('data-app')));
    assert.deepEqual(shown.sort(), ['crds', ...rendered.keys()].filter((v, i, all) => all.indexOf(v) === i).sort());
    assert.equal(await page.locator('#graph path.edge').count(), 3);
    assert.match(await page.textContent('#status-banner') ?? '', /no live status: no kubeconfig/);
    assert.match(await page.textContent('#diff-banner') ?? '', /compared with directory ".*previous": 1 app changed/);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.click('#graph g[data-app="postgres"]');
    await page.waitForSelector('#details-objects');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-example.png') });
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(reportFile).href], 'the page itself is the only request');
    await page.close();
  });

  it('shows the objects, the Kustomization and the diff of the app that is clicked', async () => {
    const { page, problems } = await open(reportFile);
    await page.click('#graph g[data-app="postgres"]');
    const objects = await page.$$eval('#details-objects li summary', (items) => items.map((item) => item.textContent));
    const files = rendered.get('postgres')!;
    assert.equal(objects.length, files.length);
    for (const [i, file] of files.entries()) {
      assert.ok(objects[i]!.startsWith(kinds.get(`postgres/${file}`)!), `${objects[i]} is a ${kinds.get(`postgres/${file}`)}`);
      assert.ok(objects[i]!.endsWith(file), `${objects[i]} names ${file}`);
    }
    // An object's YAML opens in place.
    await page.click('#details-objects li:nth-child(3) summary');
    assert.match(await page.textContent('#details-objects li:nth-child(3) pre') ?? '', /^apiVersion: apps\/v1\nkind: StatefulSet\n/);
    const settings = await page.textContent('#details dl.settings') ?? '';
    assert.match(settings, /path\.\/apps\/postgres/);
    assert.match(settings, /dependsOncrds, backup-operator/);
    assert.match(await page.textContent('#details-diff') ?? '', /none against/);

    await page.click('#graph g[data-app="podinfo-blue"]');
    const diff = await page.textContent('#details-diff') ?? '';
    assert.match(diff, /~ Deployment\/podinfo-blue\/podinfo-blue/);
    await page.click('#details-diff details summary');
    assert.match(await page.textContent('#details-diff pre.diff') ?? '', /-\s+replicas: 3\n\+\s+replicas: 2/);
    assert.equal(new URL(page.url()).hash, '#app=podinfo-blue', 'the selection is in the address, for links');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('lists every app in the table view and filters both views with the search box', async () => {
    const { page, problems } = await open(reportFile);
    await page.click('button[role=tab]:has-text("table")');
    const rows = await page.$$eval('#apps-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-app')));
    assert.equal(rows.length, 7);
    // Search reaches into objects: only apps that render a StatefulSet match.
    const withStatefulSet = [...rendered.keys()].filter((app) => rendered.get(app)!.some((file) => kinds.get(`${app}/${file}`) === 'StatefulSet'));
    await page.fill('#search', 'statefulset');
    assert.deepEqual(await page.$$eval('#apps-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-app'))), withStatefulSet);
    assert.equal(await page.textContent('#match-count'), `${withStatefulSet.length} of 7 apps match`);
    await page.click('button[role=tab]:has-text("graph")');
    const bright = await page.$$eval('#graph g.app:not(.dim)', (nodes) => nodes.map((n) => n.getAttribute('data-app')));
    assert.deepEqual(bright, withStatefulSet);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('opens the app named in the address, with its objects', async () => {
    const { page, problems } = await open(`${pathToFileURL(reportFile).href}#app=blog`);
    assert.equal(await page.textContent('#details h2'), 'blog');
    await page.waitForSelector('#details-objects', { timeout: 5_000 });
    assert.equal(await page.locator('#details-objects li').count(), rendered.get('blog')!.length);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
