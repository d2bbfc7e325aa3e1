// The checks the OpenAPI schema implies beyond types, made per kind into a plan that visits only the fields
// concerned: associative lists (server-side apply refuses duplicate keys, as sigs.k8s.io/structured-merge-diff
// typed/validate.go does) and quantities (resource.Quantity's grammar, checked when the object is decoded).
import type { FieldErrors } from './field-errors.ts';
import { parseQuantity } from './quantity.ts';

interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly default?: unknown;
  readonly 'x-kubernetes-list-type'?: 'map' | 'set';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

interface Plan {
  readonly properties?: ReadonlyMap<string, Plan>;
  readonly items?: Plan;
  readonly values?: Plan;
  /** Keys of an associative list (map type), with the defaults server-side apply fills in for absent keys. */
  readonly mapKeys?: readonly { readonly name: string; readonly default: unknown }[];
  readonly set?: boolean;
  readonly quantity?: boolean;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const IN_PROGRESS: Plan = {};

type Walk = (value: unknown, path: string, errors: FieldErrors) => void;

/** What the generated walks call. */
const HELPERS = { mapDuplicates, setDuplicates, quantity };

/** Plans for the definitions of one schema bundle, built on first use and shared by every kind. */
export class SchemaWalker {
  private readonly definitions: Readonly<Record<string, object>>;
  private readonly plans = new Map<string, Plan | undefined>();
  /** Definition plans by object, so the generated code makes one function per definition. */
  private readonly named = new Set<Plan>();
  private readonly walks = new Map<string, Walk | null>();

  constructor(definitions: Readonly<Record<string, object>>) {
    this.definitions = definitions;
  }

  /** Reports duplicate list keys and malformed quantities in an object of the given definition. */
  check(definition: string, value: unknown, errors: FieldErrors): void {
    let walk = this.walks.get(definition);
    if (walk === undefined) {
      const plan = this.definitionPlan(definition);
      walk = plan ? this.compile(plan) : null;
      this.walks.set(definition, walk);
    }
    if (walk) walk(value, '', errors);
  }

  /**
   * A kind's plan as generated JavaScript, one function per definition, as ajv does for the schemas: reading
   * properties by constant names stays fast where a generic walk over thousands of differently shaped objects
   * does not. The source holds only the bundle's own definition and property names, quoted by JSON.stringify.
   */
  private compile(root: Plan): Walk {
    const functions = new Map<Plan, string>();
    const bodies: string[] = [];
    const constants: string[] = [];
    let temp = 0;
    const functionOf = (plan: Plan): string => {
      let name = functions.get(plan);
      if (name) return name;
      name = `f${functions.size}`;
      functions.set(plan, name);
      bodies.push(`function ${name}(v, p, e) {\n${node(plan, 'v', 'p', true)}\n}`);
      return name;
    };
    const child = (path: string, field: string) => `(${path} === "" ? ${JSON.stringify(field)} : ${path} + ${JSON.stringify(`.${field}`)})`;
    const node = (plan: Plan, value: string, path: string, own = false): string => {
      if (plan.quantity) return `h.quantity(${value}, ${path}, e);`;
      if (!own && this.named.has(plan)) return `${functionOf(plan)}(${value}, ${path}, e);`;
      const lines: string[] = [`if (${value} !== null && typeof ${value} === "object") {`];
      const isList = plan.mapKeys !== undefined || plan.set === true || plan.items !== undefined;
      if (isList) {
        lines.push(`if (Array.isArray(${value})) {`);
        if (plan.mapKeys) {
          constants.push(`const k${constants.length} = ${JSON.stringify(plan.mapKeys)};`);
          lines.push(`h.mapDuplicates(${value}, k${constants.length - 1}, ${path}, e);`);
        } else if (plan.set) {
          lines.push(`h.setDuplicates(${value}, ${path}, e);`);
        }
        if (plan.items) {
          const i = `i${temp++}`;
          lines.push(`for (let ${i} = 0; ${i} < ${value}.length; ${i}++) { ${node(plan.items, `${value}[${i}]`, `${path} + "[" + ${i} + "]"`)} }`);
        }
        lines.push('}');
      }
      if (plan.properties || plan.values) {
        lines.push(isList ? 'else {' : '{');
        for (const [field, sub] of plan.properties ?? []) {
          const x = `x${temp++}`;
          lines.push(`const ${x} = ${value}[${JSON.stringify(field)}]; if (${x} !== undefined) { ${node(sub, x, child(path, field))} }`);
        }
        if (plan.values) {
          const k = `n${temp++}`;
          lines.push(`for (const ${k} in ${value}) { ${node(plan.values, `${value}[${k}]`, `${path} + "[" + ${k} + "]"`)} }`);
        }
        lines.push('}');
      }
      lines.push('}');
      return lines.join('\n');
    };
    const entry = functionOf(root);
    // The constants are known only once every body is generated.
    const source = `"use strict";\n${constants.join('\n')}\n${bodies.join('\n')}\nreturn ${entry};`;
    return new Function('h', source)(HELPERS) as Walk;
  }

  private definitionPlan(name: string): Plan | undefined {
    if (this.plans.has(name)) {
      const plan = this.plans.get(name);
      // A recursive reference (JSONSchemaProps) stops here; the outer visit already covers its fields.
      return plan === IN_PROGRESS ? undefined : plan;
    }
    if (name === QUANTITY) {
      const plan: Plan = { quantity: true };
      this.plans.set(name, plan);
      return plan;
    }
    this.plans.set(name, IN_PROGRESS);
    const plan = this.nodePlan(this.definitions[name] as SchemaNode | undefined);
    this.plans.set(name, plan);
    if (plan) this.named.add(plan);
    return plan;
  }

  private nodePlan(node: SchemaNode | undefined): Plan | undefined {
    if (!node) return undefined;
    if (node.$ref) return this.definitionPlan(node.$ref.replace('#/definitions/', ''));
    let properties: Map<string, Plan> | undefined;
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      const plan = this.nodePlan(property);
      if (plan) (properties ??= new Map()).set(name, plan);
    }
    const values = typeof node.additionalProperties === 'object' ? this.nodePlan(node.additionalProperties) : undefined;
    const items = node.items ? this.nodePlan(node.items) : undefined;
    const listType = node['x-kubernetes-list-type'];
    const mapKeys = listType === 'map' ? this.keysOf(node) : undefined;
    if (!properties && !values && !items && !mapKeys && listType !== 'set') return undefined;
    return {
      ...(properties && { properties }),
      ...(values && { values }),
      ...(items && { items }),
      ...(mapKeys && { mapKeys }),
      ...(listType === 'set' && { set: true }),
    };
  }

  private keysOf(node: SchemaNode): { name: string; default: unknown }[] {
    const itemRef = node.items?.$ref?.replace('#/definitions/', '');
    const item = (itemRef ? this.definitions[itemRef] : node.items) as SchemaNode | undefined;
    // Sorted by name, as structured-merge-diff sorts a key's fields (and prints them).
    return [...(node['x-kubernetes-list-map-keys'] ?? [])].sort().map((name) => ({ name, default: item?.properties?.[name]?.default }));
  }
}

/** A Quantity field: its grammar, as the API server decodes it. */
function quantity(value: unknown, path: string, errors: FieldErrors): void {
  if (typeof value !== 'string' && typeof value !== 'number') return;
  const parsed = parseQuantity(value);
  if ('error' in parsed) errors.add(path, parsed.error);
}

/** typed/helpers.go keyedAssociativeListItemToPathElement and validate.go visitListItems, with their messages. */
function mapDuplicates(list: readonly unknown[], keys: readonly { name: string; default: unknown }[], path: string, errors: FieldErrors): void {
  if (list.length === 0) return;
  // Most lists hold one item (a container, a port, a subject): it needs its checks, but no identity to compare.
  const seen = list.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.add(path, `element ${i}: associative list with keys may not have ${item === null ? 'a null element' : 'non-map elements'}`);
      continue;
    }
    // Most lists have one string key (name): its value is the identity; otherwise a canonical rendering of all keys.
    let id = '';
    let present = 0;
    for (let k = 0; k < keys.length; k++) {
      const { name, default: fallback } = keys[k]!;
      const value = (item as Record<string, unknown>)[name] ?? fallback;
      if (value === undefined) continue;
      present++;
      if (seen) id += `${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)},`;
    }
    if (present === 0) {
      errors.add(path, `element ${i}: associative list with keys has an element that omits all key fields ${goQuoteList(keys.map((k) => k.name))} (and doesn't have default values for any key fields)`);
      continue;
    }
    if (!seen) continue;
    if (seen.has(id)) errors.add(path, `duplicate entries for key [${id.slice(0, -1)}]`);
    seen.add(id);
  }
}

function setDuplicates(list: readonly unknown[], path: string, errors: FieldErrors): void {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && typeof item === 'object') {
      errors.add(path, `element ${i}: associative list without keys has an element that's ${Array.isArray(item) ? 'a list type' : 'a map type'}`);
      continue;
    }
    const id = JSON.stringify(item);
    if (seen.has(id)) errors.add(path, `duplicate entries for key [=${id}]`);
    seen.add(id);
  }
}

/** Go's %q of a []string: ["a" "b"]. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}
