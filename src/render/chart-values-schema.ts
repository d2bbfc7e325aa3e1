// A chart's values.schema.json is enforced by helm itself while it templates; its error names JSON pointers into the
// values. This maps each to where the user set that value: config/apps.yaml `options.values`, else the last values
// file (`valuesFiles`) that sets it, else the app.
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { AppSpec, HomelabConfig } from '../config/model.ts';
import { formatKeyPath } from '../config/yaml-file.ts';
import type { Problem } from '../errors.ts';
import type { ValuesFileText } from '../templates/helm-chart.ts';
import { describeApp } from './build-apps.ts';

const HEADER = "values don't meet the specifications of the schema(s)";

interface SchemaContext {
  readonly app: AppSpec;
  /** `chart "external-dns" 1.21.1 (assets/…)`. */
  readonly chartName: string;
  /** The chart's own name: schema errors of its subcharts are under the subchart's name. */
  readonly rootChart: string;
  readonly config: HomelabConfig;
  /** The values files the chart's values were merged from, in merge order. */
  readonly valuesFiles?: readonly ValuesFileText[];
}

/** One located problem per schema violation in helm's message; none when the message is not a schema failure. */
export function schemaProblems(message: string, { app, chartName, rootChart, config, valuesFiles = [] }: SchemaContext): Problem[] {
  if (!message.includes(HEADER)) return [];
  const problems: Problem[] = [];
  const userValues = (app.options as { values?: unknown }).values;
  let prefix: string[] = [];
  for (const line of message.split('\n')) {
    const chart = /^([^\s-][^:]*):$/.exec(line.trim());
    if (chart) {
      // Helm names a subchart's schema `parent.subchart`; its values live under the subchart's name.
      const name = chart[1]!;
      prefix = name === rootChart ? [] : [name.slice(name.lastIndexOf('.') + 1)];
      continue;
    }
    const violation = /^- at '([^']*)': (.*)$/.exec(line.trim());
    if (!violation) continue;
    const pointer = violation[1]!;
    const path = [...prefix, ...pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))].filter((s) => s !== '');
    const text = `${describeApp(app)}: ${chartName} refuses its values (values.schema.json): ${path.length > 0 ? path.join('.') : '(the values)'}: ${violation[2]}`;
    const inFile = has(userValues, path) ? undefined : [...valuesFiles].reverse().map((file) => locateIn(file, path, text)).find(Boolean);
    // Else the value's position where the app sets it, or the closest key that exists (`values`, or the app).
    problems.push(inFile ?? config.files.apps.problem(['apps', app.index, ...(isMap(userValues) ? ['options', 'values', ...path] : [])], text));
  }
  return problems;
}

/** Whether `path` names a value inside `values` (list items by index). */
function has(values: unknown, path: readonly string[]): boolean {
  let node = values;
  for (const segment of path) {
    if (Array.isArray(node) && /^\d+$/.test(segment) && Number(segment) < node.length) node = node[Number(segment)];
    else if (isMap(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return false;
  }
  return path.length > 0;
}

/** A problem at the value `path` in a values file, or undefined when the file does not set it. */
function locateIn({ file, text }: ValuesFileText, path: readonly string[], message: string): Problem | undefined {
  if (path.length === 0) return undefined;
  const lines = new LineCounter();
  // For positions only (the values were read as kubectl reads them): YAML 1.1, as helm reads values files.
  const document = parseDocument(text, { lineCounter: lines, version: '1.1', uniqueKeys: false });
  if (!document.hasIn(path)) return undefined;
  const node = document.getIn(path, true);
  const offset = isNode(node) ? node.range?.[0] : undefined;
  const position = offset === undefined ? undefined : lines.linePos(offset);
  return { file, ...(position && { position: { line: position.line, column: position.col } }), path: formatKeyPath(path), message };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
