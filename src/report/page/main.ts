// The report page: graph and table of the apps, a search box, and an app's details on click. Bundled by esbuild
// (scripts/build-report-page.mjs) into one inline script; reads only the JSON embedded in the page, fetches nothing.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GraphApp } from '../../graph/model.ts';
import type { AppStatus } from '../../status/app-status.ts';
import { DATA_ELEMENT_ID, detailsElementId, type AppDetails, type ReportData, type ReportPart } from '../report-data.ts';

const data = JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!) as ReportData;
const appsById = new Map(data.apps.map((app) => [app.id, app]));
const statusOf = (id: string): AppStatus | undefined => (data.status.available ? data.status.apps[id] : undefined);
const diffOf = (id: string) => (data.diff.available ? data.diff.apps[id] : undefined);
const edgesByPair = new Map(data.edges.map((e) => [`${e.dependent}<${e.dependency}`, e]));
const detailsCache = new Map<string, AppDetails | undefined>();

/** An app's details, parsed on first use; undefined while the page is still being read (they come after this script). */
function details(id: string): AppDetails | undefined {
  if (!detailsCache.has(id)) {
    const element = document.getElementById(detailsElementId(id));
    if (!element) return undefined;
    detailsCache.set(id, JSON.parse(element.textContent!) as AppDetails);
  }
  return detailsCache.get(id);
}

function matches(id: string, terms: readonly string[]): boolean {
  const text = data.searchText[id] ?? id;
  return terms.every((term) => text.includes(term));
}

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
const kindOf = (app: GraphApp) => (app.generated ? 'generated' : app.kustomization ? 'flux' : 'flux: false');

function stateClass(id: string): string {
  const status = statusOf(id);
  return status ? `state-${status.state}` : '';
}

function appFromHash(): string | undefined {
  const match = /^#app=(.+)$/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]!) : undefined;
  return id !== undefined && (appsById.has(id) || (data.diff.available && data.diff.removedApps.includes(id))) ? id : undefined;
}

function Page() {
  const [query, setQuery] = useState('');
  // A thousand boxes say little at a glance: large reports open on the table (the graph is a click away).
  const [view, setView] = useState<'graph' | 'table'>(data.apps.length > WHOLE_TABLE ? 'table' : 'graph');
  const [selected, setSelected] = useState<string | undefined>(appFromHash());
  const [, setParsed] = useState(document.readyState !== 'loading');
  useEffect(() => {
    const onHash = () => setSelected(appFromHash());
    const onParsed = () => setParsed(true);
    addEventListener('hashchange', onHash);
    // The apps' details follow this script in the page: an app opened from the address shows them once they are read.
    document.addEventListener('DOMContentLoaded', onParsed);
    if (document.readyState !== 'loading') onParsed(); // already read by the time this effect runs
    return () => {
      removeEventListener('hashchange', onHash);
      document.removeEventListener('DOMContentLoaded', onParsed);
    };
  }, []);
  const select = (id: string | undefined) => {
    history.replaceState(null, '', id === undefined ? location.pathname : `#app=${encodeURIComponent(id)}`);
    setSelected(id);
  };
  const terms = useMemo(() => query.toLowerCase().split(/\s+/).filter(Boolean), [query]);
  const visible = useMemo(() => new Set(data.apps.filter((app) => matches(app.id, terms)).map((app) => app.id)), [terms]);

  return html`
    <header>
      <h1>${data.title}</h1>
      <p class="summary">${plural(data.apps.length, 'app')}, ${plural(data.edges.length, 'dependency')}</p>
      <${Banners} select=${select} />
      <div class="controls">
        <input type="search" id="search" placeholder="search apps, templates, namespaces, objects (Deployment/blog)…" value=${query}
          onInput=${(event: Event) => setQuery((event.target as HTMLInputElement).value)} aria-label="search" />
        <span class="count" id="match-count">${terms.length ? `${visible.size} of ${data.apps.length} apps match` : ''}</span>
        <div class="tabs" role="tablist">
          <button role="tab" class=${view === 'graph' ? 'active' : ''} aria-selected=${view === 'graph'} onClick=${() => setView('graph')}>graph</button>
          <button role="tab" class=${view === 'table' ? 'active' : ''} aria-selected=${view === 'table'} onClick=${() => setView('table')}>table</button>
        </div>
      </div>
    </header>
    <main class=${selected === undefined ? '' : 'with-details'}>
      <section class="view">
        ${view === 'graph' ? html`<${Graph} visible=${visible} filtered=${terms.length > 0} selected=${selected} select=${select} />` : html`<${Table} visible=${visible} selected=${selected} select=${select} />`}
      </section>
      ${selected !== undefined && html`<${Details} id=${selected} close=${() => select(undefined)} />`}
    </main>`;
}

function Banners({ select }: { select: (id: string) => void }) {
  const status = data.status;
  const diff = data.diff;
  const notReady = status.available ? Object.values(status.apps).filter((s) => s.state !== 'ready' && s.state !== 'manual') : [];
  return html`
    <div class="banners">
      ${status.available
        ? html`<p class="banner ${notReady.length ? 'warn' : 'ok'}" id="status-banner">
            live status from context <b>${status.context}</b> (${status.server}), read ${status.readAt}:
            ${notReady.length ? ` ${plural(notReady.length, 'app')} not Ready` : ' every app Ready'}
            ${status.report.source?.revision ? html` · source at <code>${status.report.source.revision}</code>` : ''}
            ${status.report.orphaned.length ? ` · ${status.report.orphaned.length} Kustomization(s) not in the render: ${status.report.orphaned.map((o) => o.id).join(', ')}` : ''}</p>`
        : html`<p class="banner muted" id="status-banner">no live status: ${status.reason}</p>`}
      ${diff.available
        ? html`<p class="banner" id="diff-banner">compared with ${diff.against}: ${Object.keys(diff.apps).length ? `${plural(Object.keys(diff.apps).length, 'app')} changed` : 'no changes'}
            ${diff.removedApps.length ? html` · removed: ${diff.removedApps.map((id) => html`<a href="#app=${encodeURIComponent(id)}" onClick=${(e: Event) => { e.preventDefault(); select(id); }}>${id}</a> `)}` : ''}</p>`
        : html`<p class="banner muted" id="diff-banner">no diff: ${diff.reason}</p>`}
    </div>`;
}

function Graph({ visible, filtered, selected, select }: { visible: Set<string>; filtered: boolean; selected?: string; select: (id: string) => void }) {
  return html`
    <div class="graph" id="graph">
      ${data.parts.map((part) => html`<${Part} part=${part} visible=${visible} filtered=${filtered} selected=${selected} select=${select} />`)}
    </div>
    <p class="legend">arrows point from a dependency to the apps that wait for it · dashed arrow: automatic (crds) · thick: the dependency has wait: true · dashed box: flux: false
      ${data.status.available ? ' · border: green Ready, amber waiting, red failing, blue progressing, grey missing' : ''}</p>`;
}

function Part({ part, visible, filtered, selected, select }: { part: ReportPart; visible: Set<string>; filtered: boolean; selected?: string; select: (id: string) => void }) {
  return html`
    <svg class="part" width=${part.width} height=${part.height} viewBox="0 0 ${part.width} ${part.height}" style=${`contain-intrinsic-size:${part.width}px ${part.height}px`}>
      ${part.edges.map((edge) => {
        const kind = edgesByPair.get(`${edge.dependent}<${edge.dependency}`);
        const dim = filtered && !(visible.has(edge.dependent) && visible.has(edge.dependency));
        return html`<path class="edge ${kind?.kind === 'crds' ? 'crds' : ''} ${kind?.wait ? 'wait' : ''} ${dim ? 'dim' : ''}"
          d=${edge.points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join('')} marker-end="url(#arrow)" />`;
      })}
      ${part.nodes.map((node) => {
        const app = appsById.get(node.id)!;
        const changed = diffOf(node.id);
        const classes = ['app', app.generated ? 'generated' : '', app.kustomization || app.generated ? '' : 'manual', stateClass(node.id),
          filtered && !visible.has(node.id) ? 'dim' : '', selected === node.id ? 'selected' : ''].join(' ');
        const detail = [app.generated ? 'generated' : app.template, app.namespace && `ns ${app.namespace}`, plural(app.objects, 'object')].filter(Boolean).join(' · ');
        return html`<g class=${classes} data-app=${node.id} tabindex="0" role="button" aria-label=${node.id}
            onClick=${() => select(node.id)} onKeyDown=${(e: KeyboardEvent) => (e.key === 'Enter' ? select(node.id) : undefined)}>
          <rect x=${node.x} y=${node.y} width=${node.width} height=${node.height} rx="6" />
          <text class="title" x=${node.x + 10} y=${node.y + 19}>${node.id}${changed ? html`<tspan class="changed"> ●</tspan>` : ''}</text>
          <text class="detail" x=${node.x + 10} y=${node.y + 35}>${detail}</text>
        </g>`;
      })}
    </svg>`;
}

/** Rows are this tall (CSS pins it), so a long table renders only the rows in view. */
const ROW_HEIGHT = 25;
/** Up to this many rows the table is rendered whole; beyond, only the rows near the viewport. */
const WHOLE_TABLE = 300;

function Table({ visible, selected, select }: { visible: Set<string>; selected?: string; select: (id: string) => void }) {
  const dependencies = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const edge of data.edges) map.set(edge.dependent, [...(map.get(edge.dependent) ?? []), edge.dependency]);
    return map;
  }, []);
  const rows = data.apps.filter((app) => visible.has(app.id));
  const body = useRef<HTMLTableSectionElement>(null);
  const [range, setRange] = useState({ start: 0, end: Math.ceil(innerHeight / ROW_HEIGHT) + 20 });
  useEffect(() => {
    if (rows.length <= WHOLE_TABLE) return undefined;
    const update = () => {
      const top = body.current?.getBoundingClientRect().top ?? 0;
      const start = Math.max(0, Math.floor(-top / ROW_HEIGHT) - 20);
      const end = start + Math.ceil(innerHeight / ROW_HEIGHT) + 40;
      setRange((old) => (old.start === start && old.end === end ? old : { start, end }));
    };
    update();
    addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [rows.length]);
  const whole = rows.length <= WHOLE_TABLE;
  const start = whole ? 0 : Math.min(range.start, rows.length);
  const end = whole ? rows.length : Math.min(range.end, rows.length);
  const columns = 6 + (data.status.available ? 2 : 0) + (data.diff.available ? 1 : 0);
  const spacer = (count: number) => (count > 0 ? html`<tr class="spacer" aria-hidden="true"><td colspan=${columns} style=${`height:${count * ROW_HEIGHT}px`}></td></tr>` : null);
  return html`
    <table class="apps" id="apps-table">
      <thead><tr><th>app</th><th>template</th><th>namespace</th><th>objects</th><th>flux</th><th>depends on</th>
        ${data.status.available && html`<th>state</th><th>revision</th>`}${data.diff.available && html`<th>diff</th>`}</tr></thead>
      <tbody ref=${body}>
        ${spacer(start)}
        ${rows.slice(start, end).map((app) => {
          const status = statusOf(app.id);
          const changed = diffOf(app.id);
          return html`<tr key=${app.id} data-app=${app.id} class=${selected === app.id ? 'selected' : ''} onClick=${() => select(app.id)}>
            <td><a href="#app=${encodeURIComponent(app.id)}" onClick=${(e: Event) => { e.preventDefault(); select(app.id); }}>${app.id}</a></td>
            <td>${app.template ?? '-'}</td><td>${app.namespace ?? '-'}</td><td class="num">${app.objects}</td><td>${kindOf(app)}</td>
            <td>${(dependencies.get(app.id) ?? []).join(', ') || '-'}</td>
            ${data.status.available && html`<td class=${stateClass(app.id)}>${status?.state ?? '-'}</td><td><code>${shortRevision(status?.revision)}</code></td>`}
            ${data.diff.available && html`<td>${changed ? `+${changed.added} ~${changed.changed} -${changed.removed}` : ''}</td>`}
          </tr>`;
        })}
        ${spacer(rows.length - end)}
      </tbody>
    </table>`;
}

function shortRevision(revision: string | undefined): string {
  return revision ? revision.replace(/([0-9a-f]{7})[0-9a-f]{33,57}$/, '$1') : '-';
}

function Details({ id, close }: { id: string; close: () => void }) {
  const app = appsById.get(id);
  const info = details(id);
  const status = statusOf(id);
  const k = app?.kustomization;
  return html`
    <aside class="details" id="details" aria-label="details of ${id}">
      <button class="close" onClick=${close} aria-label="close">×</button>
      <h2>${id}</h2>
      ${app ? html`<p class="muted">${app.generated ? 'generated by homelab' : `template ${app.template}`}${app.namespace ? ` · namespace ${app.namespace}` : ''} · ${plural(app.objects, 'object')}${!app.generated && !k ? ' · flux: false (rendered, not deployed by Flux)' : ''}</p>`
        : html`<p class="muted">removed: in --against, not in this render</p>`}
      ${k && html`<section><h3>Kustomization</h3><dl class="settings">
        <dt>name</dt><dd>${k.namespace}/${k.name}</dd><dt>path</dt><dd><code>${k.path}</code></dd>
        <dt>interval</dt><dd>${k.interval}</dd>${k.timeout && html`<dt>timeout</dt><dd>${k.timeout}</dd>`}${k.retryInterval && html`<dt>retryInterval</dt><dd>${k.retryInterval}</dd>`}
        <dt>wait</dt><dd>${String(k.wait)}</dd><dt>prune</dt><dd>${String(k.prune)}</dd>
        <dt>dependsOn</dt><dd>${k.dependsOn.length ? k.dependsOn.join(', ') : '-'}</dd>
        ${k.decryptionSecret && html`<dt>decryption</dt><dd>sops, secret ${k.decryptionSecret}</dd>`}
      </dl></section>`}
      ${data.status.available && app && html`<section id="details-status"><h3>Live status</h3>${status ? html`<dl class="settings">
        <dt>state</dt><dd class=${stateClass(id)}>${status.state}${status.suspended ? ' (suspended)' : ''}</dd>
        ${status.ready && html`<dt>Ready</dt><dd>${status.ready}${status.reason ? ` (${status.reason})` : ''}</dd>`}
        ${status.message && html`<dt>message</dt><dd class="message">${status.message}</dd>`}
        ${status.revision && html`<dt>revision</dt><dd><code>${status.revision}</code></dd>`}
        ${status.sourceCommit && html`<dt>source commit</dt><dd><code>${status.sourceCommit}</code></dd>`}
        ${status.appliedAt && html`<dt>applied</dt><dd>${status.appliedAt}</dd>`}
        ${status.since && html`<dt>Ready changed</dt><dd>${status.since}</dd>`}
        ${status.inventory !== undefined && html`<dt>inventory</dt><dd>${plural(status.inventory, 'object')}</dd>`}
        ${status.blockedBy.length > 0 && html`<dt>blocked by</dt><dd>${status.blockedBy.join(', ')}${status.rootCause.length ? ` (← ${status.rootCause.join(', ')})` : ''}</dd>`}
      </dl>` : html`<p class="muted">not in the cluster</p>`}</section>`}
      ${info?.changes && html`<section id="details-diff"><h3>Changes against ${data.diff.available ? data.diff.against : ''}</h3>
        ${info.changes.map((c) => html`<details class="change ${c.change}"><summary>${c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~'} ${c.object} <span class="muted">${c.file}</span></summary>
          <pre class="diff">${c.diff.split('\n').map((line) => html`<span class=${line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : ''}>${`${line}\n`}</span>`)}</pre></details>`)}
      </section>`}
      ${data.diff.available && app && !info?.changes && html`<section id="details-diff"><h3>Changes</h3><p class="muted">none against ${data.diff.against}</p></section>`}
      ${info && info.objects.length > 0 && html`<section id="details-objects"><h3>Objects (${info.objects.length})</h3>
        <ul class="objects">${info.objects.map((o) => html`<li><details><summary><b>${o.kind}</b> ${o.namespace ? `${o.namespace}/` : ''}${o.name} <span class="muted">${o.file}</span></summary><pre>${o.yaml}</pre></details></li>`)}</ul>
      </section>`}
      ${info?.kustomizationYaml && html`<section><h3>flux/${id}.yaml</h3><pre>${info.kustomizationYaml}</pre></section>`}
      ${!info && html`<p class="muted">loading…</p>`}
    </aside>`;
}

const arrowDefs = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
arrowDefs.setAttribute('class', 'defs');
arrowDefs.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs>';
document.body.prepend(arrowDefs);
render(html`<${Page} />`, document.getElementById('app')!);
// For the benchmark and tests: the moment the apps are on screen (the first paint follows).
performance.mark('homelab-rendered');
