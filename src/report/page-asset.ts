// The report page's bundled script and stylesheet: built into dist/report/ by `npm run build`
// (scripts/build-report-page.mjs); bundled in memory when homelab runs from its TypeScript sources.
import { readFile } from 'node:fs/promises';
import { HomelabError } from '../errors.ts';

export interface PageAsset {
  readonly js: string;
  readonly css: string;
}

let cached: Promise<PageAsset> | undefined;

export function reportPageAsset(): Promise<PageAsset> {
  cached ??= load();
  return cached;
}

async function load(): Promise<PageAsset> {
  if (import.meta.url.endsWith('.ts')) {
    // From source (tests, tsx): bundle the page as it is now, so nobody tests a stale build.
    const script = new URL('../../scripts/build-report-page.mjs', import.meta.url).href;
    const { bundleReportPage } = (await import(script)) as { bundleReportPage: () => Promise<PageAsset> };
    return bundleReportPage();
  }
  try {
    const [js, css] = await Promise.all(['page.js', 'page.css'].map((name) => readFile(new URL(`./${name}`, import.meta.url), 'utf8')));
    return { js: js!, css: css! };
  } catch (error) {
    throw new HomelabError('failed to read the report page asset (dist/report/page.js): this installation was built without it; run `npm run build`', { cause: error });
  }
}
