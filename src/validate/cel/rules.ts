// `x-kubernetes-validations` CEL rules of a CRD schema: compiled once, evaluated on custom resources as the
// API server does (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel: compilation.go, validation.go).
//
// Transition rules (those that use `oldSelf`) only run when an object is updated; homelab checks objects as
// they are created, so it skips them, as the API server does on create — except rules with
// `optionalOldSelf: true`, which run with `oldSelf` = `optional.none()`.
// A rule homelab cannot evaluate (a function its CEL library lacks) is a notice, never a rejection.
import type { Environment } from '@marcbachmann/cel-js';
import { celModule } from './cel-module.ts';
import type { SchemaProps } from '../crd-json-schema.ts';
import type { FieldIssue } from '../schema-errors.ts';
import { translateRe2 } from '../re2.ts';
import { KubernetesCelError, registerKubernetesLibrary } from './kubernetes-library.ts';

type Path = (string | number)[];

/** A problem in the CRD itself (a rule that does not compile), at a path inside the CRD. */
export interface RuleDefinitionError {
  readonly path: string;
  readonly message: string;
}

/** A rule homelab cannot check; the API server will. */
export interface RuleNotice {
  readonly path: string;
  readonly message: string;
}

interface ValidationRule {
  readonly rule?: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

type Program = (context: Record<string, unknown>) => unknown;

interface CompiledRule {
  readonly rule: ValidationRule;
  /** Where the rule is in the CRD, for notices. */
  readonly definitionPath: string;
  readonly program: Program;
  readonly messageExpression: Program | undefined;
  readonly usesOldSelf: boolean;
  readonly fieldPath: Path;
}

let environment: Environment | undefined;

/** One CEL environment per process: creating one is the expensive part. */
function celEnvironment(): Environment {
  if (!environment) {
    const { Environment } = celModule();
    environment = registerKubernetesLibrary(new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true }));
    environment.registerVariable('self', 'dyn');
    environment.registerVariable('oldSelf', 'dyn');
  }
  return environment;
}

/** Makes the CEL environment now, ahead of the first rule (see validate/warm-up.ts). */
export function warmUpCel(): void {
  celEnvironment();
}

let durationProgram: Program | undefined;

function toDuration(text: string): unknown {
  if (!durationProgram) {
    const env = new (celModule().Environment)();
    env.registerVariable('text', 'string');
    durationProgram = env.parse('duration(text)') as unknown as Program;
  }
  try {
    return durationProgram({ text });
  } catch {
    return text;
  }
}

/** CEL's reserved words that Kubernetes escapes as `__word__` in field names (apiserver/pkg/cel/escaping.go). */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const FIELD_ONLY_RESERVED = new Set([...RESERVED].filter((word) => !['true', 'false', 'null', 'in'].includes(word)));

/** A property name as CEL sees it, or undefined when it cannot be accessed from CEL. */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (/[^A-Za-z0-9_./-]/.test(name)) return undefined;
  return name.replace(/__|[-./]/g, (s) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[s]!);
}

const RUNTIME_ERRORS = new Set(['no_such_key', 'index_out_of_bounds', 'index_out_of_range', 'division_by_zero', 'modulus_by_zero', 'numeric_overflow', 'optional_value_missing']);

export class CelRules {
  /** Schema nodes with rules → their compiled rules, compiled the first time an object reaches the node. */
  private readonly compiled = new Map<SchemaProps, CompiledRule[]>();
  private readonly nodes = new Map<SchemaProps, { readonly path: string; readonly isRoot: boolean; readonly uncorrelatable: string | undefined }>();
  /** Schema nodes that have rules or lead to nodes that do: evaluation walks only into these. */
  private readonly leadsToRules = new Set<SchemaProps>();
  private readonly errors: RuleDefinitionError[] = [];
  private readonly notices: RuleNotice[] = [];

  /** Finds every rule of `root`; `definitionPath` is where the schema sits in the CRD. Compiles nothing yet. */
  constructor(
    private readonly root: SchemaProps,
    definitionPath: string,
  ) {
    this.findRules(root, definitionPath, true, undefined);
  }

  get empty(): boolean {
    return this.nodes.size === 0;
  }

  /** Compiles every rule: what the API server's compiler would refuse, and what homelab cannot evaluate. */
  compileAll(): { readonly errors: readonly RuleDefinitionError[]; readonly notices: readonly RuleNotice[] } {
    for (const schema of this.nodes.keys()) this.rulesAt(schema, () => undefined);
    return { errors: this.errors, notices: this.notices };
  }

  /** `uncorrelatable`: the nearest enclosing list (not list-type map) or atomic map, where oldSelf has no meaning. */
  private findRules(schema: SchemaProps, path: string, isRoot: boolean, uncorrelatable: string | undefined): boolean {
    let found = false;
    if (Array.isArray(schema['x-kubernetes-validations']) && schema['x-kubernetes-validations'].length > 0) {
      this.nodes.set(schema, { path, isRoot, uncorrelatable });
      found = true;
    }
    const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
    for (const [name, property] of Object.entries(properties)) found = this.findRules(property, `${path}.properties[${name}]`, false, uncorrelatable) || found;
    if (schema.items && typeof schema.items === 'object') {
      found = this.findRules(schema.items as SchemaProps, `${path}.items`, false, uncorrelatable ?? (schema['x-kubernetes-list-type'] === 'map' ? undefined : path)) || found;
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      found = this.findRules(schema.additionalProperties as SchemaProps, `${path}.additionalProperties`, false, uncorrelatable ?? (schema['x-kubernetes-map-type'] === 'atomic' ? path : undefined)) || found;
    }
    if (found) this.leadsToRules.add(schema);
    return found;
  }

  private rulesAt(schema: SchemaProps, notice: (notice: RuleNotice) => void): CompiledRule[] | undefined {
    const node = this.nodes.get(schema);
    if (!node) return undefined;
    let rules = this.compiled.get(schema);
    if (!rules) {
      const noticesBefore = this.notices.length;
      rules = [];
      (schema['x-kubernetes-validations'] as ValidationRule[]).forEach((rule, i) => {
        const result = this.compileRule(rule, schema, node.isRoot, `${node.path}.x-kubernetes-validations[${i}]`, node.uncorrelatable);
        if (result) rules!.push(result);
      });
      this.compiled.set(schema, rules);
      for (const item of this.notices.slice(noticesBefore)) notice(item);
    }
    return rules;
  }

  private compileRule(rule: ValidationRule, schema: SchemaProps, isRoot: boolean, path: string, uncorrelatable: string | undefined): CompiledRule | undefined {
    if (typeof rule.rule !== 'string' || rule.rule.trim() === '') return undefined;
    const program = this.compileExpression(rule.rule, schema, isRoot, `${path}.rule`, 'rule');
    if (!program) return undefined;
    if (program.usesOldSelf && uncorrelatable) {
      this.errors.push({ path: `${path}.rule`, message: `Invalid value: ${JSON.stringify(rule.rule)}: oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}` });
    }
    if (rule.optionalOldSelf === true && !program.usesOldSelf) {
      this.errors.push({ path: `${path}.optionalOldSelf`, message: 'Invalid value: true: may not be set if oldSelf is not used in rule' });
    }
    let messageExpression: Program | undefined;
    if (typeof rule.messageExpression === 'string' && rule.messageExpression.trim() !== '') {
      messageExpression = this.compileExpression(rule.messageExpression, schema, isRoot, `${path}.messageExpression`, 'messageExpression')?.program;
    }
    return {
      rule,
      definitionPath: path,
      program: program.program,
      messageExpression,
      usesOldSelf: program.usesOldSelf,
      fieldPath: parseFieldPath(rule.fieldPath ?? ''),
    };
  }

  private compileExpression(source: string, schema: SchemaProps, isRoot: boolean, path: string, kind: 'rule' | 'messageExpression'): { program: Program; usesOldSelf: boolean } | undefined {
    const env = celEnvironment();
    const failed = kind === 'rule' ? 'compilation failed' : 'messageExpression compilation failed';
    let parsed;
    try {
      parsed = env.parse(source);
    } catch (error) {
      if (error instanceof celModule().ParseError) {
        this.errors.push({ path, message: `Invalid value: ${JSON.stringify(source)}: ${failed}: ERROR: ${firstLine(error.message)}` });
        return undefined;
      }
      throw error;
    }
    const analysis = analyse(parsed.ast as unknown as AstNode, schema, isRoot, source);
    if (analysis.error) {
      this.errors.push({ path, message: `Invalid value: ${JSON.stringify(source)}: ${failed}: ERROR: ${analysis.error}` });
      return undefined;
    }
    // The result type, where it is known: from the schema for a plain field (self is dyn to the library), else the library's checker.
    const wanted = kind === 'rule' ? 'bool' : 'string';
    const checked = parsed.check();
    const type = analysis.resultType ?? (checked.valid ? String(checked.type) : undefined);
    if (type !== undefined && type !== wanted && type !== 'dyn') {
      this.errors.push({ path, message: `Invalid value: ${JSON.stringify(source)}: ${kind === 'rule' ? 'cel expression must evaluate to a bool' : 'messageExpression must evaluate to a string'}` });
      return undefined;
    }
    if (analysis.unsupported) {
      this.notices.push({ path, message: `rule ${JSON.stringify(source)} is not checked: ${analysis.unsupported}` });
      return undefined;
    }
    let text = source;
    if (analysis.rewrites.length > 0) {
      // Literal RE2 patterns of matches() become their JavaScript translation, right to left so offsets hold.
      for (const { start, end, replacement } of [...analysis.rewrites].sort((a, b) => b.start - a.start)) text = text.slice(0, start) + replacement + text.slice(end);
      parsed = env.parse(text);
    }
    const check = parsed.check();
    // Only a missing function or overload means homelab cannot run the rule; the library's checker is
    // stricter than cel-go elsewhere (generic overloads on dyn), so other complaints are left to evaluation.
    if (!check.valid && /no matching overload|Unknown variable|no such overload/i.test(check.error?.message ?? '')) {
      this.notices.push({ path, message: `rule ${JSON.stringify(source)} is not checked: homelab's CEL library cannot compile it (${firstLine(check.error?.message ?? 'unknown error')})` });
      return undefined;
    }
    return { program: parsed as unknown as Program, usesOldSelf: analysis.usesOldSelf };
  }

  /** Evaluates every rule on `value` (defaults applied); `format` turns a field path into text. */
  evaluate(value: unknown, format: (path: Path) => string, notice: (notice: RuleNotice) => void): FieldIssue[] {
    const issues: FieldIssue[] = [];
    this.walk(value, this.root, [], true, issues, format, notice);
    return issues;
  }

  /** Runs the rules at `node` and below; goes only where the schema leads to rules (a path is made only there). */
  private walk(node: unknown, schema: SchemaProps | undefined, path: Path, isRoot: boolean, issues: FieldIssue[], format: (path: Path) => string, notice: (notice: RuleNotice) => void): void {
    if (!schema || node === null || node === undefined || !this.leadsToRules.has(schema)) return;
    const rules = this.rulesAt(schema, notice);
    if (rules && rules.length > 0) {
      const self = toCel(node, schema, isRoot);
      for (const compiled of rules) {
        const issue = this.run(compiled, self, schema, path, format, notice);
        if (issue) issues.push(issue);
      }
    }
    if (Array.isArray(node)) {
      const items = schema.items as SchemaProps | undefined;
      if (!items || !this.leadsToRules.has(items)) return;
      for (let i = 0; i < node.length; i++) this.walk(node[i], items, [...path, i], false, issues, format, notice);
    } else if (typeof node === 'object') {
      const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
      const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const sub = Object.hasOwn(properties, key) ? properties[key] : additional;
        if (sub && this.leadsToRules.has(sub)) this.walk(record[key], sub, [...path, key], false, issues, format, notice);
      }
    }
  }

  private run(compiled: CompiledRule, self: unknown, schema: SchemaProps, path: Path, format: (path: Path) => string, notice: (notice: RuleNotice) => void): FieldIssue | undefined {
    const { rule } = compiled;
    // Transition rules run only when there is an old object, unless oldSelf is optional.
    if (compiled.usesOldSelf && rule.optionalOldSelf !== true) return undefined;
    const context = { self, oldSelf: celModule().Optional.none() };
    const type = JSON.stringify(typeof schema.type === 'string' ? schema.type : '');
    const ruleText = (rule.message?.trim() || rule.rule!.trim());
    let result: unknown;
    try {
      result = compiled.program(context);
    } catch (error) {
      const cause = error instanceof KubernetesCelError ? error : (error as { cause?: unknown }).cause instanceof KubernetesCelError ? ((error as { cause: Error }).cause) : undefined;
      if (cause || (error instanceof celModule().EvaluationError && RUNTIME_ERRORS.has((error as { code?: string }).code ?? ''))) {
        const message = firstLine((cause ?? (error as Error)).message);
        return { path: format(path), message: `Invalid value: ${type}: ${message.charAt(0).toLowerCase()}${message.slice(1)} evaluating rule: ${ruleText}` };
      }
      notice({ path: compiled.definitionPath, message: `rule ${JSON.stringify(rule.rule)} is not checked: homelab's CEL library could not evaluate it (${firstLine((error as Error).message)})` });
      return undefined;
    }
    if (result === true) return undefined;
    if (result !== false) {
      notice({ path: compiled.definitionPath, message: `rule ${JSON.stringify(rule.rule)} is not checked: it gave ${String(result)} instead of a bool` });
      return undefined;
    }
    let detail = rule.message?.trim() || `failed rule: ${ruleText}`;
    if (compiled.messageExpression) {
      try {
        const message = compiled.messageExpression(context);
        if (typeof message === 'string' && message.trim() !== '' && !/[\r\n]/.test(message)) detail = message;
      } catch {
        // The API server falls back to message too.
      }
    }
    const at = format([...path, ...compiled.fieldPath]);
    switch (rule.reason) {
      case 'FieldValueRequired':
        return { path: at, message: `Required value: ${detail}` };
      case 'FieldValueForbidden':
        return { path: at, message: `Forbidden: ${detail}` };
      case 'FieldValueDuplicate':
        return { path: at, message: `Duplicate value: ${type}` };
      default:
        return { path: at, message: `Invalid value: ${type}: ${detail}` };
    }
  }

}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** `.spec.foo['bar'][0]` → `['spec', 'foo', 'bar', 0]`. */
function parseFieldPath(text: string): Path {
  const path: Path = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(match[2].replace(/\\(.)/g, '$1'));
    else path.push(Number(match[3]));
  }
  return path;
}

// ------------------------------------------------------------------ static analysis

interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly pos?: number;
  readonly start?: number;
  readonly end?: number;
}

interface Analysis {
  usesOldSelf: boolean;
  /** The CEL type of the whole expression when it is a plain field of the schema, e.g. `int` for `self.size`. */
  resultType?: string;
  error?: string;
  unsupported?: string;
  rewrites: { start: number; end: number; replacement: string }[];
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && typeof (value as AstNode).op === 'string';

/**
 * What the API server's compiler would refuse and homelab can tell for sure: a field that the schema does not
 * declare (`undefined field 'x'`), a reserved word as a field, an invalid regular expression literal. Also
 * finds `oldSelf` and the matches() literals that need translating from RE2.
 */
function analyse(root: AstNode, schema: SchemaProps, isRoot: boolean, source: string): Analysis {
  const analysis: Analysis = { usesOldSelf: false, rewrites: [] };
  const where = (offset: number) => {
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `<input>:${line}:${column}`;
  };
  /** The schema an expression refers to, when it is a plain field chain from self. */
  const resolve = (node: AstNode): SchemaProps | undefined => {
    if (node.op === 'id') return node.args === 'self' ? selfSchema(schema, isRoot) : undefined;
    if (node.op === '.' || node.op === '.?') {
      const [base, field] = node.args as [AstNode, string];
      const parent = resolve(base);
      if (!parent) return undefined;
      if (typeof parent.additionalProperties === 'object') return parent.additionalProperties as SchemaProps;
      const properties = (parent.properties ?? {}) as Record<string, SchemaProps>;
      if (Object.keys(properties).length === 0 || parent['x-kubernetes-int-or-string'] === true) return undefined;
      if (FIELD_ONLY_RESERVED.has(field)) {
        analysis.error ??= `${where((node.pos ?? 1) - 1)}: reserved identifier: ${field}`;
        return undefined;
      }
      const match = Object.entries(properties).find(([name]) => escapeProperty(name) === field);
      if (!match) {
        analysis.error ??= `${where((node.pos ?? 1) - 1)}: undefined field '${field}'`;
        return undefined;
      }
      // A property without a type (only x-kubernetes-preserve-unknown-fields) has no CEL type: stop here.
      return typeof match[1].type === 'string' || match[1]['x-kubernetes-int-or-string'] === true ? match[1] : undefined;
    }
    if (node.op === '[]') {
      const parent = resolve((node.args as AstNode[])[0]!);
      if (!parent) return undefined;
      if (parent.items && typeof parent.items === 'object') return parent.items as SchemaProps;
      if (typeof parent.additionalProperties === 'object') return parent.additionalProperties as SchemaProps;
    }
    return undefined;
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isNode(value)) return;
    if (value.op === 'id' && value.args === 'oldSelf') analysis.usesOldSelf = true;
    if (value.op === '.' || value.op === '.?' || value.op === '[]') resolve(value);
    if (value.op === 'rcall' || value.op === 'call') {
      const name = (value.args as unknown[])[0];
      const args = value.op === 'rcall' ? ((value.args as unknown[])[2] as AstNode[]) : ((value.args as unknown[])[1] as AstNode[]);
      const patternArg = name === 'matches' ? args[args.length - 1] : name === 'find' || name === 'findAll' ? args[0] : undefined;
      if (patternArg?.op === 'value' && typeof patternArg.args === 'string') {
        const translated = translateRe2(patternArg.args, { unicode: false });
        if (!translated.ok && translated.kind === 'invalid') {
          analysis.error ??= `${where(patternArg.start ?? 0)}: invalid regular expression '${patternArg.args}': ${translated.reason}`;
        } else if (!translated.ok) {
          analysis.unsupported ??= `pattern ${JSON.stringify(patternArg.args)} has no JavaScript equivalent (${translated.reason})`;
        } else if (name === 'matches' && translated.source !== patternArg.args && patternArg.start !== undefined && patternArg.end !== undefined) {
          analysis.rewrites.push({ start: patternArg.start, end: patternArg.end, replacement: JSON.stringify(translated.source) });
        }
      } else if (name === 'matches' && patternArg) {
        analysis.unsupported ??= 'matches() with a pattern that is not a literal (RE2 syntax cannot be translated in advance)';
      }
    }
    visit(value.args);
  };
  visit(root);
  if (!analysis.error && (root.op === '.' || root.op === '[]' || root.op === 'id')) {
    const resolved = resolve(root);
    const type = resolved?.['x-kubernetes-int-or-string'] === true ? 'dyn' : resolved?.type;
    if (typeof type === 'string') analysis.resultType = { boolean: 'bool', integer: 'int', number: 'double', string: 'string', object: 'map', array: 'list' }[type] ?? 'dyn';
  }
  return analysis;
}

/** The root schema as CEL sees it: apiVersion, kind and metadata (name, generateName) are always declared. */
function selfSchema(schema: SchemaProps, isRoot: boolean): SchemaProps {
  if (!isRoot && schema['x-kubernetes-embedded-resource'] !== true) return schema;
  return {
    ...schema,
    properties: {
      ...((schema.properties as object | undefined) ?? {}),
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } },
    },
  };
}

// ------------------------------------------------------------------ values

/** JSON data as the CEL values the API server builds from it for this schema (apiserver/pkg/cel/common/values.go). */
export function toCel(value: unknown, schema: SchemaProps | undefined, isRoot = false): unknown {
  if (value === null || value === undefined) return null;
  if (!schema) return untyped(value);
  if (schema['x-kubernetes-int-or-string'] === true) return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'number') return schema.type === 'integer' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string') {
    if (schema.type !== 'string') return value;
    switch (schema.format) {
      case 'byte':
        return new Uint8Array(Buffer.from(value, 'base64'));
      case 'date':
      case 'date-time': {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : date;
      }
      case 'duration':
        return toDuration(value);
      default:
        return value;
    }
  }
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema.items as SchemaProps | undefined));
  if (typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof schema.additionalProperties === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = toCel(item, schema.additionalProperties as SchemaProps);
    return out;
  }
  const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const property = properties[key];
    if (!Object.hasOwn(properties, key) || !property) continue;
    const name = escapeProperty(key);
    if (name !== undefined) out[name] = toCel(item, property);
  }
  if (isRoot || schema['x-kubernetes-embedded-resource'] === true) {
    if (typeof record.apiVersion === 'string') out.apiVersion = record.apiVersion;
    if (typeof record.kind === 'string') out.kind = record.kind;
    const metadata = (record.metadata ?? {}) as Record<string, unknown>;
    if (record.metadata !== undefined) {
      out.metadata = Object.fromEntries(['name', 'generateName'].filter((key) => typeof metadata[key] === 'string').map((key) => [key, metadata[key]]));
    }
  }
  return out;
}

function untyped(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(untyped);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, untyped(item)]));
  return value;
}
