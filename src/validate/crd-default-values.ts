// Checks a CRD schema's `default` against the schema it sits in (defaulting/validation.go does this before it
// accepts a CRD). A small walker rather than ajv: a CRD has many defaults, and compiling a validator for each
// one costs far more than checking these few keywords.
import { formatCheck } from './crd-formats.ts';
import type { SchemaProps } from './crd-json-schema.ts';
import { translateRe2 } from './re2.ts';
import { describeValue, type FieldIssue } from './schema-errors.ts';

type Path = (string | number)[];

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value);

/** Every way `value` breaks `schema` (types, enum, bounds, pattern, format, required, unknown fields), at paths relative to it. */
export function valueIssues(value: unknown, schema: SchemaProps, kubeMinor: number, format: (path: Path) => string, path: Path = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = format(path);
  const add = (message: string) => issues.push({ path: at, message });
  if (value === null) {
    if (schema.nullable !== true) add(`expected ${String(schema.type ?? 'a value')}, got null`);
    return issues;
  }
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (actual !== 'integer' && actual !== 'string') add(`expected integer or string, got ${describeValue(value)}`);
  } else if (typeof schema.type === 'string' && schema.type !== actual && !(schema.type === 'number' && actual === 'integer')) {
    add(`expected ${schema.type}, got ${describeValue(value)}`);
    return issues;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    add(`Unsupported value: ${describeValue(value)}: supported values: ${schema.enum.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`);
  }
  if (typeof value === 'number') {
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    if (min !== undefined && (schema.exclusiveMinimum === true ? value <= min : value < min)) add(`Invalid value: ${value}: should be greater than ${schema.exclusiveMinimum === true ? '' : 'or equal to '}${min}`);
    if (max !== undefined && (schema.exclusiveMaximum === true ? value >= max : value > max)) add(`Invalid value: ${value}: should be less than ${schema.exclusiveMaximum === true ? '' : 'or equal to '}${max}`);
    if (typeof schema.multipleOf === 'number' && value % schema.multipleOf !== 0) add(`Invalid value: ${value}: should be a multiple of ${schema.multipleOf}`);
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) add(`Too long: may not be more than ${schema.maxLength} bytes`);
    if (typeof schema.minLength === 'number' && length < schema.minLength) add(`Invalid value: ${describeValue(value)}: should be at least ${schema.minLength} chars long`);
    if (typeof schema.pattern === 'string') {
      const translated = translateRe2(schema.pattern, { unicode: true });
      if (translated.ok && !new RegExp(translated.source, 'u').test(value)) add(`Invalid value: ${describeValue(value)}: should match '${schema.pattern}'`);
    }
    if (typeof schema.format === 'string' && schema.type === 'string') {
      const check = formatCheck(schema.format, kubeMinor);
      if (check && !(check instanceof RegExp ? check.test(value) : check.validate(value))) add(`Invalid value: ${describeValue(value)}: must be of type ${schema.format}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) add(`Too many: ${value.length}: must have at most ${schema.maxItems} items`);
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) add(`Invalid value: ${describeValue(value)}: should have at least ${schema.minItems} items`);
    const items = schema.items as SchemaProps | undefined;
    if (items && typeof items === 'object') value.forEach((item, i) => issues.push(...valueIssues(item, items, kubeMinor, format, [...path, i])));
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
    const additional = schema.additionalProperties;
    const count = Object.keys(record).length;
    if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) add(`Too many: ${count}: must have at most ${schema.maxProperties} items`);
    if (typeof schema.minProperties === 'number' && count < schema.minProperties) add(`Invalid value: ${describeValue(value)}: should have at least ${schema.minProperties} properties`);
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!Object.hasOwn(record, name)) issues.push({ path: format([...path, name]), message: 'required field is missing' });
    }
    for (const [key, item] of Object.entries(record)) {
      if (Object.hasOwn(properties, key)) issues.push(...valueIssues(item, properties[key]!, kubeMinor, format, [...path, key]));
      else if (additional && typeof additional === 'object') issues.push(...valueIssues(item, additional as SchemaProps, kubeMinor, format, [...path, key]));
      else if (additional !== true && schema['x-kubernetes-preserve-unknown-fields'] !== true && schema['x-kubernetes-embedded-resource'] !== true) {
        issues.push({ path: format([...path, key]), message: 'unknown field' });
      }
    }
  }
  return issues;
}
