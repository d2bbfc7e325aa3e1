// CustomResourceDefinitions themselves, checked as the API server checks them before it accepts one.
//
// Implemented, from k8s.io/apiextensions-apiserver (v0.34):
// - pkg/apis/apiextensions/validation/validation.go
//   ValidateCustomResourceDefinition: metadata.name = <plural>.<group>; spec.preserveUnknownFields: true refused.
//   validateCustomResourceDefinitionSpec: group (DNS subdomain with a dot), scope, version names (DNS-1035 labels,
//     unique), exactly one storage version, a schema in every version, names (plural and kind required).
//   ValidateCustomResourceDefinitionNames: plural, singular, shortNames, categories (DNS-1035 labels), kind and
//     listKind (lower-cased DNS-1035 labels, not equal).
//   validateCustomResourceConversion: strategy None or Webhook; a webhook needs clientConfig with exactly one of url
//     and service, and conversionReviewVersions including v1 or v1beta1; None takes neither.
//   ValidateCustomResourceColumnDefinition: printer columns' name, type, format, jsonPath.
//   ValidateCustomResourceDefinitionSubresources: scale's specReplicasPath (.spec…), statusReplicasPath (.status…).
//   ValidateCustomResourceDefinitionOpenAPISchema + specStandardValidatorV3: uniqueItems, additionalProperties with
//     properties, id, additionalItems, patternProperties, definitions, dependencies, $ref, type null, items as an
//     array, type names, nullable at the root, x-kubernetes-map-type, x-kubernetes-list-type and list-map-keys
//     (keys are item properties, scalar, required or defaulted, not nullable; set items atomic),
//     x-kubernetes-validations (rule present, message and fieldPath without line breaks, reason).
//   CEL rules: syntax errors, fields the schema does not declare, reserved words, invalid regex literals (./cel/rules.ts).
// - pkg/apiserver/schema/validation.go (ValidateStructural): a type everywhere (root, fields, items) unless
//   int-or-string or preserve-unknown-fields; object at the root; items for arrays; no additionalProperties at the
//   root; embedded resources are objects without additionalProperties; int-or-string excludes preserve-unknown and
//   embedded-resource; metadata at the root restricts only name and generateName; value validations (allOf, anyOf,
//   oneOf, not) carry no type, additionalProperties, default, title, description, nullable or x-kubernetes-*;
//   patterns compile as RE2.
// - pkg/apiserver/schema/defaulting/validation.go: defaults validate against their schema; no defaults in metadata.
//
// Not implemented: CEL cost estimation (rules whose estimated cost exceeds the budget), selectableFields,
// webhook caBundle/URL details, the API approval annotation of *.k8s.io groups, status.storedVersions, and
// updates of an existing CRD (homelab sees only the new definition).
import { formatKeyPath } from '../config/yaml-file.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { sha256Hex } from '../util/sha256.ts';
import { CelRules } from './cel/rules.ts';
import { applyDefaults } from './crd-defaults.ts';
import { valueIssues } from './crd-default-values.ts';
import { toJsonSchema, type SchemaProps } from './crd-json-schema.ts';
import type { CrdNotice } from './custom-resources.ts';
import { translateRe2 } from './re2.ts';
import { describeValue, type FieldIssue } from './schema-errors.ts';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

interface Spec {
  readonly group?: unknown;
  readonly scope?: unknown;
  readonly preserveUnknownFields?: unknown;
  readonly names?: Record<string, unknown>;
  readonly versions?: readonly Record<string, unknown>[];
  readonly conversion?: Record<string, unknown>;
}

const quote = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : describeValue(value));
const invalid = (path: string, value: unknown, detail: string): FieldIssue => ({ path, message: `Invalid value: ${quote(value)}: ${detail}` });
const required = (path: string, detail = ''): FieldIssue => ({ path, message: detail ? `Required value: ${detail}` : 'Required value' });
const forbidden = (path: string, detail: string): FieldIssue => ({ path, message: `Forbidden: ${detail}` });
const unsupported = (path: string, value: unknown, allowed: readonly string[]): FieldIssue => ({
  path,
  message: `Unsupported value: ${quote(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});

export interface CrdDefinitionResult {
  readonly issues: readonly FieldIssue[];
  readonly notices: readonly CrdNotice[];
}

const checked = new Map<string, CrdDefinitionResult>();

/**
 * Every reason the API server would refuse this CRD (apiextensions.k8s.io/v1), and what homelab cannot check; once per
 * process per CRD. `published` is the digest of the CRD's published bytes, when the caller has it: they decide the CRD
 * as its JSON does, without serializing megabytes of schema again to find out.
 */
export function crdDefinitionIssues(crd: KubeObject, kubeMinor: number, published?: string): CrdDefinitionResult {
  // Other versions (v1beta1) are not served since Kubernetes 1.22: the API check reports that.
  if (crd.apiVersion !== 'apiextensions.k8s.io/v1') return { issues: [], notices: [] };
  const key = published !== undefined ? `published\0${kubeMinor}\0${published}` : sha256Hex(`${kubeMinor}\0${JSON.stringify(crd)}`);
  let result = checked.get(key);
  if (!result) {
    result = check(crd, kubeMinor);
    checked.set(key, result);
  }
  return result;
}

function check(crd: KubeObject, kubeMinor: number): CrdDefinitionResult {
  const issues: FieldIssue[] = [];
  const notices: CrdNotice[] = [];
  const spec = (crd.spec ?? {}) as Spec;
  const names = spec.names ?? {};
  const group = spec.group;

  if (typeof group !== 'string' || group === '') issues.push(required('spec.group'));
  else if (!(group.length <= 253 && DNS1123_SUBDOMAIN.test(group))) issues.push(invalid('spec.group', group, SUBDOMAIN_MESSAGE));
  else if (group.split('.').length < 2) issues.push(invalid('spec.group', group, 'should be a domain with at least one dot'));

  if (typeof names.plural === 'string' && typeof group === 'string' && crd.metadata.name !== `${names.plural}.${group}`) {
    issues.push(invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }

  if (spec.scope === undefined || spec.scope === '') issues.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') issues.push(unsupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  if (spec.preserveUnknownFields === true) {
    issues.push(invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }

  issues.push(...nameIssues(names));
  issues.push(...conversionIssues(spec.conversion));

  const versions = spec.versions ?? [];
  const seen = new Set<unknown>();
  let unique = true;
  let storage = 0;
  versions.forEach((version, i) => {
    const at = `spec.versions[${i}]`;
    if (version.storage === true) storage++;
    if (seen.has(version.name)) unique = false;
    seen.add(version.name);
    if (typeof version.name !== 'string' || !(version.name.length <= 63 && DNS1035_LABEL.test(version.name))) issues.push(invalid(`${at}.name`, version.name, DNS1035_MESSAGE));
    const schema = (version.schema as { openAPIV3Schema?: SchemaProps } | undefined)?.openAPIV3Schema;
    if (!schema) issues.push(required(`${at}.schema.openAPIV3Schema`));
    else {
      const schemaPath = `${at}.schema.openAPIV3Schema`;
      issues.push(...schemaIssues(schema, schemaPath, kubeMinor));
      const rules = new CelRules(schema, schemaPath).compileAll();
      issues.push(...rules.errors);
      const patterns = toJsonSchema(schema, kubeMinor).notices.map((notice) => ({ path: `${schemaPath} (field ${notice.field || '<root>'})`, message: notice.message }));
      notices.push(...patterns, ...rules.notices);
    }
    issues.push(...columnIssues(version.additionalPrinterColumns, `${at}.additionalPrinterColumns`));
    issues.push(...selectableFieldIssues(version.selectableFields, schema, `${at}.selectableFields`));
    issues.push(...subresourceIssues(version.subresources as Record<string, unknown> | undefined, `${at}.subresources`));
  });
  if (!unique) issues.push(invalid('spec.versions', '…', 'must contain unique version names'));
  if (storage !== 1) issues.push(invalid('spec.versions', '…', 'must have exactly one version marked as storage version'));
  return { issues, notices };
}

function nameIssues(names: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const label = (path: string, value: unknown, lower = false) => {
    if (typeof value !== 'string') return;
    const text = lower ? value.toLowerCase() : value;
    if (!(text.length <= 63 && DNS1035_LABEL.test(text))) issues.push(invalid(path, value, lower ? `may have mixed case, but should otherwise match: ${DNS1035_MESSAGE}` : DNS1035_MESSAGE));
  };
  if (typeof names.plural !== 'string' || names.plural === '') issues.push(required('spec.names.plural'));
  if (typeof names.kind !== 'string' || names.kind === '') issues.push(required('spec.names.kind'));
  label('spec.names.plural', names.plural);
  label('spec.names.singular', names.singular);
  label('spec.names.kind', names.kind, true);
  label('spec.names.listKind', names.listKind, true);
  if (typeof names.kind === 'string' && names.kind !== '' && names.kind === names.listKind) issues.push(invalid('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (Array.isArray(names.shortNames) ? names.shortNames : []).forEach((name, i) => label(`spec.names.shortNames[${i}]`, name));
  (Array.isArray(names.categories) ? names.categories : []).forEach((name, i) => label(`spec.names.categories[${i}]`, name));
  return issues;
}

function conversionIssues(conversion: Record<string, unknown> | undefined): FieldIssue[] {
  if (!conversion) return [];
  const issues: FieldIssue[] = [];
  const strategy = conversion.strategy;
  const webhook = conversion.webhook as Record<string, unknown> | undefined;
  if (strategy !== 'None' && strategy !== 'Webhook') {
    issues.push(strategy === undefined ? required('spec.conversion.strategy') : unsupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
    return issues;
  }
  if (strategy === 'Webhook') {
    const client = webhook?.clientConfig as Record<string, unknown> | undefined;
    if (!client) issues.push(required('spec.conversion.webhook.clientConfig', 'required when strategy is set to Webhook'));
    else if ((client.url === undefined) === (client.service === undefined)) issues.push(required('spec.conversion.webhook.clientConfig', 'exactly one of url or service is required'));
    const reviews = webhook?.conversionReviewVersions;
    if (!Array.isArray(reviews) || reviews.length === 0) issues.push(required('spec.conversion.webhook.conversionReviewVersions'));
    else if (!reviews.some((v) => v === 'v1' || v === 'v1beta1')) {
      issues.push(invalid('spec.conversion.webhook.conversionReviewVersions', reviews.join(', '), 'must include at least one of v1, v1beta1'));
    }
  } else if (webhook !== undefined) {
    issues.push(forbidden('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'));
  }
  return issues;
}

function columnIssues(columns: unknown, path: string): FieldIssue[] {
  if (!Array.isArray(columns)) return [];
  const issues: FieldIssue[] = [];
  columns.forEach((column: Record<string, unknown>, i) => {
    const at = `${path}[${i}]`;
    if (!column.name) issues.push(required(`${at}.name`));
    if (!column.type) issues.push(required(`${at}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
    else if (!COLUMN_TYPES.includes(String(column.type))) issues.push(invalid(`${at}.type`, column.type, `must be one of ${COLUMN_TYPES.join(',')}`));
    if (column.format !== undefined && column.format !== '' && !COLUMN_FORMATS.includes(String(column.format))) issues.push(invalid(`${at}.format`, column.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
    if (!column.jsonPath) issues.push(required(`${at}.jsonPath`));
  });
  return issues;
}

const MAX_SELECTABLE_FIELDS = 8;

/** ValidateCustomResourceSelectableFields: each a path of the schema to a string, boolean or integer outside metadata, unique, at most 8. */
function selectableFieldIssues(fields: unknown, schema: SchemaProps | undefined, path: string): FieldIssue[] {
  if (!Array.isArray(fields) || fields.length === 0) return [];
  if (!schema) return [invalid(path, '', 'may only be set when `version.schema.openAPIV3Schema` is included')];
  const issues: FieldIssue[] = [];
  const unique = new Set<string>();
  fields.forEach((field: { jsonPath?: unknown }, i) => {
    const at = `${path}[${i}].jsonPath`;
    const jsonPath = field?.jsonPath;
    if (typeof jsonPath !== 'string' || jsonPath === '') {
      issues.push(required(at));
      return;
    }
    const found = schemaAt(schema, jsonPath);
    if (!found) {
      issues.push(invalid(at, jsonPath, 'is an invalid path: does not refer to a valid field'));
      return;
    }
    if (/^\.metadata(\.|\[|$)/.test(jsonPath)) issues.push(invalid(at, jsonPath, 'must not point to fields in metadata'));
    if (!['string', 'boolean', 'integer'].includes(String(found.type))) {
      issues.push(invalid(at, jsonPath, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    }
    if (unique.has(jsonPath)) issues.push({ path: at, message: `Duplicate value: ${JSON.stringify(jsonPath)}` });
    unique.add(jsonPath);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS) issues.push({ path, message: `Too many: ${unique.size}: must have at most ${MAX_SELECTABLE_FIELDS} items` });
  return issues;
}

/** The schema a simple JSON path (`.spec.name`, `.spec['a.b']`, no array indexes) leads to, if any. */
function schemaAt(root: SchemaProps, jsonPath: string): SchemaProps | undefined {
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]/gy;
  let node: SchemaProps | undefined = root;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while (node && (match = pattern.exec(jsonPath))) {
    consumed = pattern.lastIndex;
    const key: string = match[1] ?? match[2]!.replace(/\\(.)/g, '$1');
    const properties: Record<string, SchemaProps> = (node.properties ?? {}) as Record<string, SchemaProps>;
    if (Object.hasOwn(properties, key)) node = properties[key];
    else if (key === 'metadata' && node === root) node = { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' } } };
    else if (typeof node.additionalProperties === 'object') node = node.additionalProperties as SchemaProps;
    else return undefined;
  }
  return consumed === jsonPath.length && consumed > 0 ? node : undefined;
}

function subresourceIssues(subresources: Record<string, unknown> | undefined, path: string): FieldIssue[] {
  const scale = subresources?.scale as Record<string, unknown> | undefined;
  if (!scale) return [];
  const issues: FieldIssue[] = [];
  const jsonPath = (key: string, prefixes: string[], what: string) => {
    const value = scale[key];
    if (typeof value !== 'string' || value === '') {
      if (key !== 'labelSelectorPath') issues.push(required(`${path}.scale.${key}`));
      return;
    }
    if (!value.startsWith('.')) issues.push(invalid(`${path}.scale.${key}`, value, 'must be a simple json path starting with .'));
    else if (!prefixes.some((prefix) => value.startsWith(prefix))) issues.push(invalid(`${path}.scale.${key}`, value, `should be a json path under ${what}`));
  };
  jsonPath('specReplicasPath', ['.spec.'], '.spec');
  jsonPath('statusReplicasPath', ['.status.'], '.status');
  jsonPath('labelSelectorPath', ['.spec.', '.status.'], 'either .spec or .status');
  return issues;
}

type Level = 'root' | 'item' | 'field';

const NESTED_FORBIDDEN: [string, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

const UNSUPPORTED_KEYWORDS: [string, string][] = [
  ['id', 'id is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['$ref', '$ref is not supported'],
];

/** The schema keywords and structural invariants the API server enforces, node by node. */
function schemaIssues(root: SchemaProps, rootPath: string, kubeMinor: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (root.nullable === true) issues.push(forbidden(`${rootPath}.nullable`, 'nullable cannot be true at the root'));

  const node = (schema: SchemaProps, path: string, level: Level, inMetadata: boolean) => {
    standard(schema, path, inMetadata);
    const type = schema.type;
    const intOrString = schema['x-kubernetes-int-or-string'] === true;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = schema['x-kubernetes-embedded-resource'] === true;

    if (Object.keys((schema.properties ?? {}) as object).length > 0 && schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      issues.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === false) issues.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
    if (type === 'array' && !schema.items) issues.push(required(`${path}.items`, 'must be specified'));
    if (schema.additionalProperties !== undefined && level === 'root') issues.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    if (intOrString && preserve) issues.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
    if (intOrString && embedded) issues.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
    if (embedded && type !== 'object') {
      issues.push(type === undefined ? required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true') : invalid(`${path}.type`, type, 'must be object if x-kubernetes-embedded-resource is true'));
    } else if (type === undefined && !intOrString && !preserve) {
      issues.push(required(`${path}.type`, { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[level]));
    }
    if (embedded && schema.additionalProperties !== undefined) issues.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
    if (embedded && !preserve && Object.keys((schema.properties ?? {}) as object).length === 0) {
      issues.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
    }
    if (level === 'root' && type !== undefined && type !== 'object') issues.push(invalid(`${path}.type`, type, 'must be object at the root'));

    const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
    const checkMetadata = level === 'root' || embedded;
    if (checkMetadata) {
      for (const key of ['kind', 'apiVersion']) {
        if (properties[key] && properties[key]!.type !== 'string') issues.push(invalid(`${path}.properties[${key}].type`, properties[key]!.type ?? '', 'must be string'));
      }
    }
    const metadata = properties.metadata;
    if (metadata) {
      if (checkMetadata && metadata.type !== 'object') issues.push(invalid(`${path}.properties[metadata].type`, metadata.type ?? '', 'must be object'));
      if (level === 'root' && !onlyNameAndGenerateName(metadata)) {
        issues.push(forbidden(`${path}.properties[metadata]`, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
      }
    }

    listIssues(schema, path);
    valueValidations(schema, path, level === 'root' ? 'root' : 'field');

    for (const [name, property] of Object.entries(properties)) {
      node(property, `${path}.properties[${name}]`, 'field', inMetadata || (checkMetadata && name === 'metadata'));
    }
    if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) node(schema.items as SchemaProps, `${path}.items`, 'item', false);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') node(schema.additionalProperties as SchemaProps, `${path}.additionalProperties`, 'field', false);
  };

  /** specStandardValidatorV3: keywords a CRD schema may not use at all. */
  const standard = (schema: SchemaProps, path: string, inMetadata: boolean) => {
    if (schema.uniqueItems === true) issues.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
    if (schema.type !== undefined && !TYPES.includes(String(schema.type))) {
      if (schema.type === 'null') issues.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
      else issues.push(unsupported(`${path}.type`, schema.type, TYPES));
    }
    for (const [keyword, detail] of UNSUPPORTED_KEYWORDS) if (schema[keyword] !== undefined) issues.push(forbidden(`${path}.${keyword}`, detail));
    if (Array.isArray(schema.items)) issues.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
    if (inMetadata && schema['x-kubernetes-embedded-resource'] === true) issues.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
    if (inMetadata && schema.default !== undefined) issues.push(forbidden(`${path}.default`, 'must not be set inside of resource meta'));
    if (typeof schema.pattern === 'string') {
      const translated = translateRe2(schema.pattern, { unicode: true });
      if (!translated.ok && translated.kind === 'invalid') {
        issues.push(invalid(`${path}.pattern`, schema.pattern, `must be a valid regular expression, but isn't: error parsing regexp: ${translated.reason}`));
      }
    }
    if (schema.default !== undefined && !inMetadata) issues.push(...defaultIssues(schema, path));
    validationRuleIssues(schema, path);
  };

  /** allOf, anyOf, oneOf and not only restrict values; they cannot add structure (schema/validation.go). */
  const valueValidations = (schema: SchemaProps, path: string, level: 'root' | 'field') => {
    const nested = (part: SchemaProps, at: string, skipAnyOf: boolean, allowValidations: boolean) => {
      standard(part, at, false);
      for (const [keyword, detail] of NESTED_FORBIDDEN) {
        if (keyword === 'x-kubernetes-validations' && allowValidations) continue;
        const value = part[keyword];
        if (value === undefined || value === false || value === '' || (Array.isArray(value) && value.length === 0)) continue;
        issues.push(forbidden(`${at}.${keyword}`, detail));
      }
      const properties = (part.properties ?? {}) as Record<string, SchemaProps>;
      if (level === 'root' && properties.metadata) issues.push(forbidden(`${at}.properties[metadata]`, 'must not be specified in a nested context'));
      junctors(part, at, skipAnyOf);
      for (const [name, property] of Object.entries(properties)) nested(property, `${at}.properties[${name}]`, false, false);
      if (part.items && typeof part.items === 'object' && !Array.isArray(part.items)) nested(part.items as SchemaProps, `${at}.items`, false, false);
    };
    const junctors = (part: SchemaProps, at: string, skipAnyOf: boolean, skipFirstAllOfAnyOf = false) => {
      if (Array.isArray(part.anyOf) && !skipAnyOf) (part.anyOf as SchemaProps[]).forEach((p, i) => nested(p, `${at}.anyOf[${i}]`, false, false));
      (Array.isArray(part.allOf) ? (part.allOf as SchemaProps[]) : []).forEach((p, i) => nested(p, `${at}.allOf[${i}]`, i === 0 && skipFirstAllOfAnyOf, true));
      (Array.isArray(part.oneOf) ? (part.oneOf as SchemaProps[]) : []).forEach((p, i) => nested(p, `${at}.oneOf[${i}]`, false, false));
      if (part.not && typeof part.not === 'object') nested(part.not as SchemaProps, `${at}.not`, false, false);
    };
    const allOf = Array.isArray(schema.allOf) ? (schema.allOf as SchemaProps[]) : [];
    junctors(schema, path, isIntOrString(schema.anyOf), allOf.length > 0 && isIntOrString(allOf[0]!.anyOf));
  };

  const listIssues = (schema: SchemaProps, path: string) => {
    const mapType = schema['x-kubernetes-map-type'];
    if (mapType !== undefined) {
      if (schema.type !== 'object') issues.push(schema.type === undefined ? required(`${path}.type`, 'must be object if x-kubernetes-map-type is specified') : invalid(`${path}.type`, schema.type, 'must be object if x-kubernetes-map-type is specified'));
      if (mapType !== 'atomic' && mapType !== 'granular') issues.push(unsupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
    }
    const listType = schema['x-kubernetes-list-type'];
    const items = (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items) ? schema.items : undefined) as SchemaProps | undefined;
    if (listType !== undefined) {
      if (schema.type !== 'array') issues.push(schema.type === undefined ? required(`${path}.type`, 'must be array if x-kubernetes-list-type is specified') : invalid(`${path}.type`, schema.type, 'must be array if x-kubernetes-list-type is specified'));
      else if (listType === 'set' && items) {
        // Set items are compared whole: nested lists and maps must be atomic.
        if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
          issues.push(invalid(`${path}.items.x-kubernetes-list-type`, items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
        }
        if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
          issues.push(invalid(`${path}.items.x-kubernetes-map-type`, items['x-kubernetes-list-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
        }
      }
      if (!['atomic', 'set', 'map'].includes(String(listType))) issues.push(unsupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
    }
    const keys = schema['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys) && keys.length > 0 && listType !== 'map') {
      issues.push(listType === undefined ? required(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty') : invalid(`${path}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
    }
    if (listType === 'map') {
      if (!Array.isArray(keys) || keys.length === 0) issues.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
      if (!items) issues.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
      else if (items.type !== 'object') issues.push(invalid(`${path}.items.type`, items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
      else if (Array.isArray(keys)) {
        const properties = (items.properties ?? {}) as Record<string, SchemaProps>;
        const requiredKeys = new Set(Array.isArray(items.required) ? items.required : []);
        if (keys.some((key) => !Object.hasOwn(properties, key))) issues.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys.join(', '), 'entries must all be names of item properties'));
        if (new Set(keys).size !== keys.length) issues.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys.join(', '), 'must not contain duplicate entries'));
        for (const key of keys) {
          const property = properties[key];
          if (!property) continue;
          if (property.type === 'object' || property.type === 'array') issues.push(invalid(`${path}.items.properties[${key}].type`, property.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          if (!requiredKeys.has(key) && property.default === undefined) {
            issues.push(required(`${path}.items.properties[${key}].default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
          }
          if (property.nullable === true) issues.push(forbidden(`${path}.items.properties[${key}].nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
        }
      }
    }
    if ((listType === 'map' || listType === 'set') && items?.nullable === true) issues.push(forbidden(`${path}.items.nullable`, `cannot be nullable when x-kubernetes-list-type is ${String(listType)}`));
  };

  const validationRuleIssues = (schema: SchemaProps, path: string) => {
    const rules = schema['x-kubernetes-validations'];
    if (!Array.isArray(rules)) return;
    rules.forEach((rule: Record<string, unknown>, i) => {
      const at = `${path}.x-kubernetes-validations[${i}]`;
      const text = typeof rule.rule === 'string' ? rule.rule : '';
      if (text === '') issues.push(required(`${at}.rule`, 'rule is not specified'));
      if (rule.message !== undefined) {
        if (typeof rule.message !== 'string' || rule.message.trim() === '') issues.push(invalid(`${at}.message`, rule.message, 'must be non-empty if specified'));
        else if (/[\r\n]/.test(rule.message)) issues.push(invalid(`${at}.message`, rule.message, 'must not contain line breaks'));
      } else if (/[\r\n]/.test(text) && !rule.messageExpression) {
        issues.push(required(`${at}.message`, 'message must be specified if rule contains line breaks'));
      }
      if (rule.messageExpression !== undefined && (typeof rule.messageExpression !== 'string' || rule.messageExpression.trim() === '')) {
        issues.push(required(`${at}.messageExpression`, 'messageExpression must be non-empty if specified'));
      }
      if (rule.reason !== undefined && !REASONS.includes(String(rule.reason))) issues.push(unsupported(`${at}.reason`, rule.reason, REASONS));
      if (rule.fieldPath !== undefined) {
        if (typeof rule.fieldPath !== 'string' || rule.fieldPath.trim() === '') issues.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'must be non-empty if specified'));
        else if (/[\r\n]/.test(rule.fieldPath)) issues.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'must not contain line breaks'));
        else if (!fieldPathExists(schema, rule.fieldPath)) issues.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'must be a valid path'));
      }
    });
  };

  /** A default must be valid against its own schema, after its own defaults are applied (defaulting/validation.go). */
  const defaultIssues = (schema: SchemaProps, path: string): FieldIssue[] => {
    const { default: value, ...rest } = schema;
    const data = applyDefaults(value, rest);
    return valueIssues(data, rest, kubeMinor, formatKeyPath).map((issue) => ({
      path: `${path}.default${issue.path ? (issue.path.startsWith('[') ? issue.path : `.${issue.path}`) : ''}`,
      message: issue.message,
    }));
  };

  node(root, rootPath, 'root', false);
  return issues;
}

function isIntOrString(parts: unknown): boolean {
  return Array.isArray(parts) && parts.length === 2 && JSON.stringify(parts) === '[{"type":"integer"},{"type":"string"}]';
}

function onlyNameAndGenerateName(metadata: SchemaProps): boolean {
  const { type: _type, default: _default, properties, ...rest } = metadata;
  if (Object.keys(rest).filter((key) => key !== 'description').length > 0 && Object.values(rest).some((value) => value !== undefined)) return false;
  const keys = Object.keys((properties ?? {}) as object);
  return keys.every((key) => key === 'name' || key === 'generateName');
}

function fieldPathExists(schema: SchemaProps, fieldPath: string): boolean {
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/gy;
  let node: SchemaProps | undefined = schema;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(fieldPath))) {
    consumed = pattern.lastIndex;
    if (!node) return false;
    if (match[3] !== undefined) {
      node = node.items as SchemaProps | undefined;
      continue;
    }
    const key = match[1] ?? match[2]!.replace(/\\(.)/g, '$1');
    const properties: Record<string, SchemaProps> = (node.properties ?? {}) as Record<string, SchemaProps>;
    if (Object.hasOwn(properties, key)) node = properties[key];
    else if (typeof node.additionalProperties === 'object') node = node.additionalProperties as SchemaProps;
    else return false;
  }
  return consumed === fieldPath.length && node !== undefined;
}
