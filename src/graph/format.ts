// `homelab graph --format`: the app graph as mermaid, dot, json or svg.
import { toDot } from './dot.ts';
import { toMermaid } from './mermaid.ts';
import type { AppGraph } from './model.ts';
import { toSvg } from './svg.ts';

export type GraphFormat = 'mermaid' | 'dot' | 'json' | 'svg';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json', 'svg'];

export function formatGraph(graph: AppGraph, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return toMermaid(graph);
    case 'dot':
      return toDot(graph);
    case 'json':
      return `${JSON.stringify(graph, null, 2)}\n`;
    case 'svg':
      return toSvg(graph);
  }
}
