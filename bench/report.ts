// Benchmark of issue 16: `homelab report` on the 1000-app synthetic source against generate-manifests (target: at
// most 2x), and how fast the page paints in headless Chromium from file:// (target: first paint under 1 s).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launchChromium } from '../test/support/browser.ts';
import { measure, median, type Measurement } from './measure.ts';
import { discard, scratchDir } from './scratch.ts';
import { writeSyntheticSource } from './synthetic-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const line = (label: string, m: Measurement) => `  ${label.padEnd(52)} wall ${seconds(median(m.wallMs))}  peak RSS ${(median(m.maxRssKb) / 1024).toFixed(0)} MiB  (runs: ${m.wallMs.map(seconds).join(', ')})`;

/** Runs in the page once it has loaded: the paint and render marks, as numbers (a string, so no bundler helper leaks in). */
const PAINT_PROBE = `new Promise((resolve) => {
  const read = () => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    if (!paint) return setTimeout(read, 20);
    const navigation = performance.getEntriesByType('navigation')[0];
    resolve({
      firstPaint: paint.startTime,
      rendered: performance.getEntriesByName('homelab-rendered')[0]?.startTime ?? NaN,
      load: navigation.loadEventEnd,
    });
  };
  read();
})`;

export async function benchReport(runs: number): Promise<void> {
  const apps = 1000;
  const work = await scratchDir('report');
  const source = path.join(work, 'source');
  const manifests = path.join(work, 'manifests');
  const report = path.join(work, 'report');
  await writeSyntheticSource(source, apps);

  // Same conditions for both: a cold process, an empty output, and no cluster to ask.
  const generate = await measure({ args: [bin, 'generate-manifests', '--source', source, '--output', manifests], before: () => discard(manifests) }, runs);
  const written = await measure({ args: [bin, 'report', '--no-cluster', '--source', source, '--output', report], before: () => discard(report) }, runs);
  const file = path.join(report, 'index.html');
  const bytes = (await stat(file)).size;

  const browser = await launchChromium();
  const samples: { firstPaint: number; rendered: number; load: number; search: number; click: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const timing = (await page.evaluate(PAINT_PROBE)) as { firstPaint: number; rendered: number; load: number };
      // Responsiveness after load: typing a search, and a click on an app until its objects are on screen.
      const typed = performance.now();
      await page.fill('#search', 'app-0500');
      await page.waitForSelector('#apps-table tbody tr[data-app="app-0500"]');
      const search = performance.now() - typed;
      const clicked = performance.now();
      await page.click('#apps-table tbody tr[data-app="app-0500"]');
      await page.waitForSelector('#details-objects');
      samples.push({ ...timing, search, click: performance.now() - clicked });
      await page.close();
    }
  } finally {
    await browser.close();
  }

  const ratio = median(written.wallMs) / median(generate.wallMs);
  const stats = (key: keyof (typeof samples)[number]) => `${millis(median(samples.map((s) => s[key])))}  (runs: ${samples.map((s) => millis(s[key])).join(', ')})`;
  console.log(`report, ${apps} apps (${apps * 10} objects), cold process, median of ${runs}:`);
  console.log(line('homelab generate-manifests, into an empty output', generate));
  console.log(line('homelab report --no-cluster', written) + `  (page: ${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
  console.log(`  ratio report / generate-manifests wall               ${ratio.toFixed(2)}  (target: <= 2)`);
  console.log(`  the page in headless Chromium from file://, fresh tab each run, median of ${runs}:`);
  console.log(`    first contentful paint                           ${stats('firstPaint')}  (target: < 1 s)`);
  console.log(`    apps rendered (homelab-rendered mark)            ${stats('rendered')}`);
  console.log(`    load event end                                   ${stats('load')}`);
  console.log(`    search typed → the table shows the match          ${stats('search')}  (includes the driver's round trips)`);
  console.log(`    click on an app → its objects shown              ${stats('click')}  (includes the driver's round trips)`);
}
