// Built-in kinds against the Kubernetes OpenAPI schema of the cluster's version; validators compiled per kind, lazily.
import type { Ajv, ValidateFunction } from 'ajv';
import type { AjvClass } from './ajv.ts';
import type { KubeObject } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';
import { kindExportName, type PrecompiledValidators, type SchemaBundle } from './kubernetes-schemas.ts';
import { fieldIssues, withoutNulls, type FieldIssue } from './schema-errors.ts';

export interface BuiltinKind {
  readonly scope: Scope;
  validate(object: KubeObject): FieldIssue[];
}

/** One Kubernetes version's API: which apiVersion/kind pairs it serves, and their schemas. */
export class KubernetesApi {
  readonly version: string;
  private readonly bundle: SchemaBundle;
  private readonly precompiled: PrecompiledValidators | undefined;
  private ajv: Ajv | undefined;
  private readonly compiled = new Map<string, BuiltinKind>();

  private readonly Ajv: AjvClass | undefined;

  /** Give `Ajv` unless every kind is precompiled (see loadAjv). */
  constructor(bundle: SchemaBundle, precompiled?: PrecompiledValidators, Ajv?: AjvClass) {
    this.bundle = bundle;
    this.version = bundle.kubernetes;
    this.precompiled = precompiled;
    this.Ajv = Ajv;
  }

  /** A kind's validator: precompiled when scripts/k8s-schemas.mjs made them, else compiled here. */
  private validatorFor(key: string, definition: string): ValidateFunction {
    const ready = this.precompiled?.[kindExportName(key)];
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

  /** The built-in kind for an apiVersion and kind, or undefined when this version does not serve it. */
  kind(apiVersion: string, kind: string): BuiltinKind | undefined {
    const key = `${apiVersion}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const entry = this.bundle.kinds[key];
    if (!entry) return undefined;
    let validator: ValidateFunction | undefined;
    const builtin: BuiltinKind = {
      scope: entry.scope,
      validate: (object) => {
        validator ??= this.validatorFor(key, entry.definition);
        // kustomize-controller removes the sops block when it decrypts; the API server never sees it.
        const { sops: _sops, ...rest } = object;
        const data = withoutNulls(rest);
        return validator(data) ? [] : fieldIssues(validator.errors, data);
      },
    };
    this.compiled.set(key, builtin);
    return builtin;
  }

  /**
   * The apiVersions this version serves a kind under, e.g. `['apps/v1']` for `Deployment`: those of the same group,
   * or, when the kind moved groups (extensions/v1beta1 → apps/v1), of any group.
   */
  servedVersions(group: string, kind: string): string[] {
    const keys = Object.keys(this.bundle.kinds).filter((key) => key.endsWith(`/${kind}`) && key.split('/').length >= 2);
    const sameGroup = keys.filter((key) => groupOfKey(key) === group);
    return (sameGroup.length > 0 ? sameGroup : keys).map((key) => key.slice(0, -kind.length - 1));
  }
}

function groupOfKey(key: string): string {
  const parts = key.split('/');
  return parts.length === 3 ? parts[0]! : '';
}
