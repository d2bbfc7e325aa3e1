// The app graph in Graphviz DOT, for `dot -Tsvg` and other graph tools.
import { nodeLines } from './layout.ts';
import type { AppGraph } from './model.ts';

/** A DOT string: backslashes and quotes escaped, line breaks as `\n` (centred lines). */
const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(graph: AppGraph): string {
  const lines = [
    'digraph apps {',
    '  // edges point from a dependency to the apps that wait for it; dashed: automatic (crds); label "wait": the dependency has wait: true',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const app of graph.apps) {
    const [title, detail] = nodeLines(app);
    const style = app.generated ? ', style="rounded,filled", fillcolor="#eef2f7"' : app.kustomization ? '' : ', style="rounded,dashed"';
    lines.push(`  ${quote(app.id)} [label=${quote(`${title}\n${detail}`)}${style}];`);
  }
  for (const edge of graph.edges) {
    const attributes = [edge.kind === 'crds' && 'style=dashed', edge.wait && 'label="wait"'].filter(Boolean);
    lines.push(`  ${quote(edge.dependency)} -> ${quote(edge.dependent)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
