// Positions for the app graph, computed by dagre (layered layout, dependencies left of their dependents).
import dagre from '@dagrejs/dagre';
import type { AppGraph, GraphApp } from './model.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LayoutNode {
  readonly id: string;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  readonly dependent: string;
  readonly dependency: string;
  /** From the dependency's box to the dependent's box. */
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

export const NODE_HEIGHT = 46;
// Average glyph advances of the box's two lines (12px bold, 10px regular sans-serif): box widths without a text engine.
const TITLE_GLYPH = 7.4;
const DETAIL_GLYPH = 5.3;
const MIN_WIDTH = 110;
const round = (n: number) => Math.round(n * 10) / 10;

/** The text lines of an app's box: its id, then what it is. */
export function nodeLines(app: GraphApp): [string, string] {
  const parts = [app.generated ? 'generated' : app.template ?? '', app.namespace ? `ns ${app.namespace}` : '', `${app.objects} object${app.objects === 1 ? '' : 's'}`];
  if (!app.generated && !app.kustomization) parts.push('flux: false');
  return [app.id, parts.filter(Boolean).join(' · ')];
}

export function nodeWidth(app: GraphApp): number {
  const [title, detail] = nodeLines(app);
  return Math.max(MIN_WIDTH, Math.ceil(Math.max(title.length * TITLE_GLYPH, detail.length * DETAIL_GLYPH) + 24));
}

const MARGIN = 8;

/**
 * Lays out the whole graph in one dagre run; disconnected parts end up side by side in the first ranks. A lone
 * app is placed at the margin without starting dagre, which would put it exactly there (a test checks), because
 * a thousand-app report has hundreds of them and each dagre run costs milliseconds.
 */
export function layoutGraph(graph: AppGraph): GraphLayout {
  if (graph.apps.length === 1 && graph.edges.length === 0) {
    const app = graph.apps[0]!;
    const width = nodeWidth(app);
    return { width: width + 2 * MARGIN, height: NODE_HEIGHT + 2 * MARGIN, nodes: [{ id: app.id, x: MARGIN, y: MARGIN, width, height: NODE_HEIGHT }], edges: [] };
  }
  return layoutWithDagre(graph);
}

export function layoutWithDagre(graph: AppGraph): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 56, edgesep: 10, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const app of graph.apps) g.setNode(app.id, { width: nodeWidth(app), height: NODE_HEIGHT });
  for (const edge of graph.edges) g.setEdge(edge.dependency, edge.dependent);
  dagre.layout(g);

  const nodes = graph.apps.map((app) => {
    const node = g.node(app.id);
    return { id: app.id, x: round(node.x! - node.width / 2), y: round(node.y! - node.height / 2), width: node.width, height: node.height };
  });
  const edges = graph.edges.map((edge) => ({
    dependent: edge.dependent,
    dependency: edge.dependency,
    points: ((g.edge(edge.dependency, edge.dependent) as { points?: Point[] } | undefined)?.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) })),
  }));
  const label = g.graph();
  // An empty graph has no extent (dagre says -Infinity).
  const size = (n: number | undefined) => (Number.isFinite(n) ? Math.ceil(n!) : 0);
  return { width: size(label.width), height: size(label.height), nodes, edges };
}

/** The graph's weakly connected parts, largest first (ties: in app order), each keeping the graph's app order. */
export function connectedParts(graph: AppGraph): AppGraph[] {
  const parent = new Map(graph.apps.map((app) => [app.id, app.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const edge of graph.edges) {
    if (parent.has(edge.dependent) && parent.has(edge.dependency)) parent.set(find(edge.dependent), find(edge.dependency));
  }
  const parts = new Map<string, { apps: GraphApp[]; edges: AppGraph['edges'][number][] }>();
  for (const app of graph.apps) {
    const root = find(app.id);
    if (!parts.has(root)) parts.set(root, { apps: [], edges: [] });
    parts.get(root)!.apps.push(app);
  }
  for (const edge of graph.edges) parts.get(find(edge.dependent))?.edges.push(edge);
  // Map order is first-appearance order, so a stable sort by size keeps app order among equals.
  return [...parts.values()].sort((a, b) => b.apps.length - a.apps.length);
}
