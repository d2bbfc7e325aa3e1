// The graph layout: dagre's positions, split into connected parts for the report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectedParts, layoutGraph, layoutWithDagre } from '../../src/graph/layout.ts';
import type { AppGraph, GraphApp } from '../../src/graph/model.ts';

const app = (id: string): GraphApp => ({ id, template: 'web-app', namespace: id, objects: 4, generated: false });

describe('graph layout', () => {
  it('places a lone app where dagre would', () => {
    for (const id of ['a', 'a-much-longer-application-name-than-usual']) {
      const graph: AppGraph = { apps: [app(id)], edges: [] };
      assert.deepEqual(layoutGraph(graph), layoutWithDagre(graph));
    }
  });

  it('splits the graph into its connected parts, largest first, keeping app order', () => {
    const graph: AppGraph = {
      apps: ['x', 'a', 'b', 'y', 'c', 'z'].map(app),
      edges: [
        { dependent: 'b', dependency: 'a', kind: 'dependency', wait: true },
        { dependent: 'c', dependency: 'b', kind: 'dependency', wait: false },
        { dependent: 'z', dependency: 'y', kind: 'dependency', wait: false },
      ],
    };
    const parts = connectedParts(graph);
    assert.deepEqual(parts.map((p) => p.apps.map((a) => a.id)), [['a', 'b', 'c'], ['y', 'z'], ['x']]);
    assert.deepEqual(parts.map((p) => p.edges.length), [2, 1, 0]);
  });
});
