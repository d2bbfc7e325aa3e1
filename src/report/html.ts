// The report as one self-contained HTML file: inline styles, script and data, and a CSP that forbids every fetch.
import { escapeXml } from '../graph/svg.ts';
import type { PageAsset } from './page-asset.ts';
import { DATA_ELEMENT_ID, detailsElementId, type AppDetails, type ReportData } from './report-data.ts';

/** JSON safe inside <script>: no "<" at all, so no "</script>" or "<!--" can end or bend the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page: data first, then the script that renders it at once, then each app's details (parsed on demand). */
export function reportHtml(data: ReportData, details: ReadonlyMap<string, AppDetails>, asset: PageAsset): string {
  const parts = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Viewed from file:// or a CI artifact store: nothing may be loaded from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeXml(data.title)}</title>`,
    `<style>${asset.css}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>This report needs JavaScript to show the apps.</noscript></div>',
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${scriptJson(data)}</script>`,
    `<script>${asset.js.replace(/<\/script/gi, '<\\/script')}</script>`,
  ];
  for (const [id, info] of details) parts.push(`<script type="application/json" id="${escapeXml(detailsElementId(id))}">${scriptJson(info)}</script>`);
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
