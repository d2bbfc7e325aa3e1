#!/usr/bin/env node
// Bundles the report page (src/report/page/: preact + htm, and its CSS) with esbuild into dist/report/page.{js,css},
// which `homelab report` inlines into every page. Run by `npm run build` (and so by `npm ci`'s prepare); the same
// bundle is made in memory when homelab runs from its TypeScript sources (tests), so they always see the current page.
import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = path.join(root, 'src/report/page');

/** The page's script (an IIFE: it runs inline, before the rest of the document is parsed) and stylesheet. */
export async function bundleReportPage() {
  const common = { bundle: true, minify: true, write: false, logLevel: 'silent', legalComments: 'eof', charset: 'utf8' };
  const [script, style] = await Promise.all([
    build({ ...common, entryPoints: [path.join(page, 'main.ts')], format: 'iife', target: 'es2020', platform: 'browser', tsconfig: path.join(page, 'tsconfig.json') }),
    build({ ...common, entryPoints: [path.join(page, 'style.css')], loader: { '.css': 'css' } }),
  ]);
  return { js: script.outputFiles[0].text, css: style.outputFiles[0].text };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { js, css } = await bundleReportPage();
  const out = path.join(root, 'dist/report');
  await mkdir(out, { recursive: true });
  for (const [name, content] of [['page.js', js], ['page.css', css]]) {
    // Written beside and renamed, so a concurrent reader never sees half a file.
    const temp = path.join(out, `.${name}.${process.pid}`);
    await writeFile(temp, content);
    await rename(temp, path.join(out, name));
  }
  console.log(`report page: dist/report/page.js ${(js.length / 1024).toFixed(1)} KiB, page.css ${(css.length / 1024).toFixed(1)} KiB`);
}
