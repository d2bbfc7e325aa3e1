// Built-in kinds against the Kubernetes API of the cluster's version: the OpenAPI schema (precompiled validators, or
// compiled per kind on first use), the checks the schema implies (list keys, quantities) and the API server's own
// validation of each kind (./builtin), and which apiVersions that API server serves.
import type { Ajv, ValidateFunction } from 'ajv';
import { servedApis, type ServedApis, type UnknownApiVersion } from '../kubernetes/served-apis.ts';
import type { AjvClass } from './ajv.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { groupOf } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';
import { FieldErrors, type Obj } from './builtin/field-errors.ts';
import { kindValidator } from './builtin/kinds.ts';
import { SchemaWalker } from './builtin/schema-walk.ts';
import { kindExportName, type SchemaBundle } from './kubernetes-schemas.ts';
import type { LinkedValidators } from './linked-validators.ts';
import { fieldIssues, withoutNulls, type FieldIssue } from './schema-errors.ts';

export interface BuiltinKind {
  readonly scope: Scope;
  /** `nullFree`: the caller knows the object holds no null (validate.ts learns it while copying the object). */
  validate(object: KubeObject, nullFree?: boolean): FieldIssue[];
}

/** One Kubernetes version's API: which apiVersion/kind pairs it serves, and their schemas. */
export class KubernetesApi {
  readonly version: string;
  /** The minor as a number (34 for 1.34), for rules that changed between releases. */
  readonly minor: number;
  private readonly bundle: SchemaBundle;
  private readonly precompiled: LinkedValidators | undefined;
  private ajv: Ajv | undefined;
  private readonly compiled = new Map<string, BuiltinKind>();
  private readonly walker: SchemaWalker;

  private readonly Ajv: AjvClass | undefined;

  /** Give `Ajv` unless every kind is precompiled (see loadAjv). */
  constructor(bundle: SchemaBundle, precompiled?: LinkedValidators, Ajv?: AjvClass) {
    this.bundle = bundle;
    this.version = bundle.kubernetes;
    this.minor = Number(bundle.kubernetes.split('.')[1]);
    this.precompiled = precompiled;
    this.Ajv = Ajv;
    this.walker = new SchemaWalker(bundle.definitions);
  }

  /** A kind's validator: precompiled when scripts/k8s-schemas.mjs made them, else compiled here. */
  private validatorFor(key: string, definition: string): ValidateFunction {
    const ready = this.precompiled?.get(kindExportName(key));
    if (ready) return ready;
    if (!this.ajv) {
      if (!this.Ajv) throw new Error(`no precompiled validator for ${key} and no ajv to compile one`);
      // Same options as scripts/k8s-schemas.mjs uses for the precompiled ones. inlineRefs: false compiles
      // each shared definition (PodSpec, ObjectMeta) once for all kinds that use it.
      this.ajv = new this.Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, verbose: true });
      this.ajv.addSchema({ $id: 'k8s', definitions: this.bundle.definitions });
    }
    return this.ajv.compile({ $ref: `k8s#/definitions/${definition}` });
  }

  /** The built-in kind for an apiVersion and kind, or undefined when this version does not define it. */
  kind(apiVersion: string, kind: string): BuiltinKind | undefined {
    const key = `${apiVersion}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const entry = this.bundle.kinds[key];
    if (!entry) return undefined;
    let validator: ValidateFunction | undefined;
    const goRules = kindValidator(groupOf(apiVersion), kind);
    const builtin: BuiltinKind = {
      scope: entry.scope,
      validate: (object, nullFree = false) => {
        validator ??= this.validatorFor(key, entry.definition);
        // kustomize-controller removes the sops block when it decrypts; the API server never sees it.
        const bare = object.sops === undefined ? object : withoutSops(object);
        const data = nullFree ? bare : withoutNulls(bare);
        const issues = validator(data) ? NO_ISSUES : fieldIssues(validator.errors, data);
        const errors = new FieldErrors();
        this.walker.check(entry.definition, data, errors);
        goRules?.(data as Obj, errors);
        if (errors.list.length === 0) return issues;
        return dedupe([...issues, ...errors.list]);
      },
    };
    this.compiled.set(key, builtin);
    return builtin;
  }

  /** Links the precompiled validators of these `apiVersion/Kind` keys at once, so they share their common definitions. */
  prepare(keys: Iterable<string>): void {
    if (!this.precompiled) return;
    const names: string[] = [];
    for (const key of keys) if (this.bundle.kinds[key]) names.push(kindExportName(key));
    this.precompiled.link(names);
  }

  /** What this version's API server serves with config/flux.yaml's `enabledApiVersions` switched on. */
  servedApis(enabled: readonly string[] = []): ServedApis & { readonly unknown: readonly UnknownApiVersion[] } {
    return servedApis(this.bundle, enabled);
  }
}

/**
 * The apiVersions an API server serves a kind under, e.g. `['apps/v1']` for `Deployment`: those of the same group,
 * or, when the kind moved groups (extensions/v1beta1 → apps/v1), of any group.
 */
export function servedVersions(served: ServedApis, group: string, kind: string): string[] {
  const keys = served.kinds.filter((key) => key.endsWith(`/${kind}`));
  const sameGroup = keys.filter((key) => groupOfKey(key) === group);
  return (sameGroup.length > 0 ? sameGroup : keys).map((key) => key.slice(0, -kind.length - 1));
}

/** What a valid object's schema check gives: shared, never changed (callers only read the issues). */
const NO_ISSUES: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

function withoutSops(object: KubeObject): KubeObject {
  const { sops: _sops, ...rest } = object;
  return rest as KubeObject;
}

/**
 * The API server lists an error once (field.ErrorList.ToAggregate). The schema and the Go rules may both find a
 * missing field or an unsupported value: the one with the API server's detail (the later, longer one) stays.
 */
function dedupe(issues: readonly FieldIssue[]): FieldIssue[] {
  const kept = new Map<string, FieldIssue>();
  for (const issue of issues) {
    const type = /^(Required value|Unsupported value: [^:]*)/.exec(issue.message)?.[1] ?? issue.message;
    const id = `${issue.path}\0${type}`;
    const earlier = kept.get(id);
    if (!earlier || issue.message.length > earlier.message.length) kept.set(id, issue);
  }
  return [...kept.values()];
}

function groupOfKey(key: string): string {
  const parts = key.split('/');
  return parts.length === 3 ? parts[0]! : '';
}
