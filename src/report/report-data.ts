// What the report page is given (types only): the Node side builds it, the page (src/report/page/) reads it.
// Imports only modules without runtime dependencies, so the page's own type check (DOM, no Node) covers them.
import type { GraphApp, GraphEdge } from '../graph/model.ts';
import type { AppStatus, StatusReport } from '../status/app-status.ts';

/** One weakly connected part of the graph, laid out on its own (dagre), so parts can flow side by side on the page. */
export interface ReportPart {
  readonly width: number;
  readonly height: number;
  /** Top-left corners and sizes, by app id. */
  readonly nodes: readonly { readonly id: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
  readonly edges: readonly { readonly dependent: string; readonly dependency: string; readonly points: readonly { readonly x: number; readonly y: number }[] }[];
}

/** Per-app diff counts, shown in the table and the graph; the object diffs are in the app's details. */
export interface DiffCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export interface ReportData {
  readonly title: string;
  readonly apps: readonly GraphApp[];
  readonly edges: readonly GraphEdge[];
  readonly parts: readonly ReportPart[];
  /** Object kinds and names per app, for the search box (`Deployment/blog`). */
  readonly searchText: Readonly<Record<string, string>>;
  readonly status:
    | { readonly available: true; readonly context: string; readonly server: string; readonly readAt: string; readonly report: Omit<StatusReport, 'apps'>; readonly apps: Readonly<Record<string, AppStatus>> }
    | { readonly available: false; readonly reason: string };
  readonly diff:
    | { readonly available: true; readonly against: string; readonly filters: readonly string[]; readonly apps: Readonly<Record<string, DiffCounts>>; readonly removedApps: readonly string[] }
    | { readonly available: false; readonly reason: string };
}

/** One object's change against --against (the shape of src/diff's ObjectChange). */
export interface ObjectChangeView {
  readonly change: 'added' | 'removed' | 'changed';
  /** `Deployment/blog/blog`. */
  readonly object: string;
  readonly file: string;
  /** Unified diff, noise filtered, Secret values masked. */
  readonly diff: string;
}

/** One app's heavy details, parsed by the page only when the app is opened. */
export interface AppDetails {
  readonly objects: readonly { readonly file: string; readonly kind: string; readonly apiVersion: string; readonly name: string; readonly namespace?: string; readonly yaml: string }[];
  /** The app's Kustomization as rendered into flux/<id>.yaml, if Flux deploys it. */
  readonly kustomizationYaml?: string;
  readonly changes?: readonly ObjectChangeView[];
}

/** Element ids of the embedded JSON documents. */
export const DATA_ELEMENT_ID = 'homelab-data';
export const detailsElementId = (app: string) => `homelab-app-${app}`;
