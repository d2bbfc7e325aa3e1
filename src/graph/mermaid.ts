// The app graph as a mermaid flowchart, for a README or a PR comment (GitHub renders ```mermaid blocks).
import { nodeLines } from './layout.ts';
import type { AppGraph } from './model.ts';

/** Node ids: app ids are DNS labels, so `-` → `_` stays unique, and the prefix keeps ids clear of mermaid keywords (`end`). */
const nodeId = (id: string) => `app_${id.replaceAll('-', '_')}`;

export function toMermaid(graph: AppGraph): string {
  const lines = [
    'flowchart LR',
    '  %% arrows point from a dependency to the apps that wait for it; dotted: automatic (homelab adds crds);',
    '  %% "wait": the dependency has wait: true, so dependents start once all its objects are healthy',
  ];
  for (const app of graph.apps) {
    const [title, detail] = nodeLines(app);
    const style = app.generated ? ':::generated' : app.kustomization ? '' : ':::manual';
    lines.push(`  ${nodeId(app.id)}["<b>${escape(title)}</b><br/>${escape(detail)}"]${style}`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'crds' ? '-.->' : '-->';
    lines.push(`  ${nodeId(edge.dependency)} ${arrow}${edge.wait ? '|wait|' : ''} ${nodeId(edge.dependent)}`);
  }
  if (graph.apps.some((app) => app.generated)) lines.push('  classDef generated fill:#eef2f7,stroke:#7a8ca5');
  if (graph.apps.some((app) => !app.generated && !app.kustomization)) lines.push('  classDef manual stroke-dasharray:5 4');
  return `${lines.join('\n')}\n`;
}

/** Mermaid's entity codes for the characters its label syntax reserves. */
function escape(text: string): string {
  return text.replace(/["#<>]/g, (c) => `#${c.charCodeAt(0)};`);
}
