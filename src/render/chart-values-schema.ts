// A chart's values.schema.json is enforced by helm itself while it templates; its error names JSON pointers into the
// values. This maps each to where the user set that value (config/apps.yaml `options.values`), or to the app.
import type { AppSpec, HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import { describeApp } from './build-apps.ts';

const HEADER = "values don't meet the specifications of the schema(s)";

interface SchemaContext {
  readonly app: AppSpec;
  /** `chart "external-dns" 1.21.1 (assets/…)`. */
  readonly chartName: string;
  /** The chart's own name: schema errors of its subcharts are under the subchart's name. */
  readonly rootChart: string;
  readonly config: HomelabConfig;
}

/** One located problem per schema violation in helm's message; none when the message is not a schema failure. */
export function schemaProblems(message: string, { app, chartName, rootChart, config }: SchemaContext): Problem[] {
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
    // The position is the value's where the app sets it, else the closest key that exists (`values`, or the app).
    problems.push(config.files.apps.problem(['apps', app.index, ...(isMap(userValues) ? ['options', 'values', ...path] : [])], text));
  }
  return problems;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
