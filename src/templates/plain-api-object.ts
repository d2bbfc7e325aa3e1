// An ApiObject made from plain JSON (a chart's or kustomize's output). Its JSON is what cdk8s's own toJson() gives,
// without cdk8s's token resolution: that walks every value looking for Lazy values and tokens, which plain JSON
// cannot hold, and on a big CRD's schema it was most of a warm render's serialization.
import { ApiObject, App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubeObject } from '../model/kube-object.ts';

export class PlainApiObject extends ApiObject {
  private readonly body: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, object: KubeObject) {
    const { apiVersion, kind, metadata, ...body } = object;
    super(scope, id, { apiVersion, kind, metadata, ...body });
    this.body = body;
  }

  override toJson(): any {
    // JSON patches and an App's own resolvers change values: those are cdk8s's to apply.
    if ((this as unknown as { patches: readonly unknown[] }).patches.length > 0 || !onlyBuiltinResolvers(this)) return super.toJson();
    try {
      // As ApiObject.toJson(): every key sorted, null values dropped, then apiVersion, kind and metadata first.
      const json = sanitize({ ...this.body, apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson() }) as Record<string, unknown>;
      const { apiVersion, kind, metadata, ...rest } = json;
      return { apiVersion, kind, metadata, ...rest };
    } catch (error) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${error}`);
    }
  }
}

const BUILTIN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

function onlyBuiltinResolvers(object: ApiObject): boolean {
  const { resolvers } = App.of(object);
  return resolvers.length === BUILTIN_RESOLVERS.length && resolvers.every((resolver, i) => resolver instanceof BUILTIN_RESOLVERS[i]!);
}

/** cdk8s's sanitizeValue with sorted keys: null and undefined members of objects are left out. */
function sanitize(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sanitize);
  if (value.constructor.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = sanitize((value as Record<string, unknown>)[key]);
    if (member !== null && member !== undefined) out[key] = member;
  }
  return out;
}
