// The app graph as a standalone SVG image, laid out by dagre (see layout.ts).
import { layoutGraph, nodeLines, type Point } from './layout.ts';
import type { AppGraph } from './model.ts';

const LEGEND_HEIGHT = 28;

export function toSvg(graph: AppGraph): string {
  const layout = layoutGraph(graph);
  const apps = new Map(graph.apps.map((app) => [app.id, app]));
  const width = Math.max(layout.width, 520);
  const height = layout.height + LEGEND_HEIGHT;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>',
    '.app rect{fill:#fff;stroke:#4a5b73;stroke-width:1.2}',
    '.app.generated rect{fill:#eef2f7;stroke:#7a8ca5}',
    '.app.manual rect{stroke-dasharray:5 4}',
    '.title{font-size:12px;font-weight:bold;fill:#1b2430}',
    '.detail{font-size:10px;fill:#5a6473}',
    '.edge{fill:none;stroke:#6b778a;stroke-width:1.3}',
    '.edge.crds{stroke-dasharray:4 3}',
    '.edge.wait{stroke-width:2.4}',
    '.legend{font-size:10px;fill:#5a6473}',
    '</style>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#6b778a"/></marker></defs>',
  ];
  for (const [i, edge] of layout.edges.entries()) {
    const kind = graph.edges[i]!;
    const classes = ['edge', kind.kind === 'crds' && 'crds', kind.wait && 'wait'].filter(Boolean).join(' ');
    out.push(`<path class="${classes}" d="${pathData(edge.points)}" marker-end="url(#arrow)"><title>${escapeXml(`${edge.dependent} depends on ${edge.dependency}${kind.kind === 'crds' ? ' (automatic: uses its custom resources)' : ''}${kind.wait ? ', waits for it to be healthy' : ''}`)}</title></path>`);
  }
  for (const node of layout.nodes) {
    const app = apps.get(node.id)!;
    const [title, detail] = nodeLines(app);
    const classes = ['app', app.generated && 'generated', !app.generated && !app.kustomization && 'manual'].filter(Boolean).join(' ');
    out.push(
      `<g class="${classes}"><rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="6"/>` +
        `<text class="title" x="${node.x + 10}" y="${node.y + 19}">${escapeXml(title)}</text>` +
        `<text class="detail" x="${node.x + 10}" y="${node.y + 35}">${escapeXml(detail)}</text></g>`,
    );
  }
  out.push(`<text class="legend" x="8" y="${layout.height + 18}">arrows: dependency → dependent · dashed arrow: automatic (crds) · thick: the dependency has wait: true · dashed box: flux: false</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** A polyline through dagre's edge points. */
export function pathData(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join('');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
