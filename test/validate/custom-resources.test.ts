import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/run-cli.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';

/** A CRD `gizmos.example.dev` whose v1 schema's spec is `spec` (YAML, indented for openAPIV3Schema.properties.spec). */
function crd(spec: string, extra = ''): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gizmos.example.dev }
spec:
  group: example.dev
  scope: Namespaced
  names: { kind: Gizmo, plural: gizmos }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
${extra}          properties:
            spec:
${spec.replace(/^/gm, '              ')}`;
}

const gizmo = (spec: string) => `apiVersion: example.dev/v1\nkind: Gizmo\nmetadata: { name: g }\nspec: ${spec}`;

interface Outcome {
  readonly code: number;
  readonly problems: string[];
  readonly warnings: string[];
}

/** `homelab validate` on one manifests app `m` (namespace m, which the cluster has) with these documents. */
async function validate(...documents: string[]): Promise<Outcome> {
  const source = await sourceRepo({
    'config/apps.yaml': appsYaml('  - template: manifests\n    id: m\n    options: { paths: [m.yaml] }\n'),
    'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [m]\n`,
    'm.yaml': documents.join('\n---\n'),
  });
  const run = await runCli('validate --source', source);
  const lines = run.stderr.split('\n');
  return {
    code: run.code,
    problems: run.code === 0 ? [] : lines.slice(lines.findIndex((line) => line.startsWith('✗')) + 1).filter(Boolean),
    warnings: lines.filter((line) => line.startsWith('⚠ ')).map((line) => line.slice(2)),
  };
}

const AT = 'm: Gizmo/m/g (m/90-gizmo-g.yaml)';

describe('custom resources: CEL rules', () => {
  const RULES = crd(`type: object
x-kubernetes-validations:
  - rule: self.min <= self.max
    message: min must not exceed max
  - rule: "!has(self.mode) || self.mode in ['fast', 'slow']"
    messageExpression: "'mode ' + self.mode + ' is not fast or slow'"
    fieldPath: .mode
  - rule: self.name.matches('(?i)^[a-z]+$')
    reason: FieldValueForbidden
properties:
  min: { type: integer }
  max: { type: integer }
  mode: { type: string }
  name: { type: string }
  replicas:
    type: integer
    x-kubernetes-validations:
      - rule: self == oldSelf
        message: replicas is immutable
`);

  it('passes an object every rule accepts, and skips transition rules on create', async () => {
    const outcome = await validate(RULES, gizmo('{ min: 1, max: 2, mode: fast, name: ABC, replicas: 3 }'));
    assert.deepEqual(outcome, { code: 0, problems: [], warnings: [] });
  });

  it('refuses an object a rule rejects, with message, messageExpression, fieldPath and reason as the API server words them', async () => {
    const outcome = await validate(RULES, gizmo('{ min: 3, max: 2, mode: turbo, name: a1 }'));
    assert.deepEqual(outcome.problems, [
      `${AT} spec: Invalid value: "object": min must not exceed max`,
      `${AT} spec.mode: Invalid value: "object": mode turbo is not fast or slow`,
      `${AT} spec: Forbidden: failed rule: self.name.matches('(?i)^[a-z]+$')`,
    ]);
  });

  it('reports runtime errors the API server reports (a field a rule reads is absent)', async () => {
    const outcome = await validate(RULES, gizmo('{ max: 2, name: a }'));
    assert.deepEqual(outcome.problems, [`${AT} spec: Invalid value: "object": no such key: min evaluating rule: min must not exceed max`]);
  });

  it('evaluates Kubernetes library functions: quantity, ip, url, format, lists, optionals, semver, two-variable comprehensions', async () => {
    const definition = crd(`type: object
x-kubernetes-validations:
  - rule: quantity(self.size).isLessThan(quantity('1Gi'))
  - rule: isCIDR(self.net) && cidr(self.net).containsIP(self.ip)
  - rule: url(self.url).getScheme() == 'https'
  - rule: "!format.dns1123Label().validate(self.host).hasValue()"
  - rule: self.ports.isSorted() && self.ports.max() < 1024
  - rule: self.?extra.orValue('none') != 'bad'
  - rule: "!has(self.version) || semver(self.version, true).isGreaterThan(semver('1.0.0'))"
  - rule: self.ports.all(i, port, i == 0 || port > self.ports[i - 1])
properties:
  version: { type: string }
  size: { type: string }
  net: { type: string }
  ip: { type: string }
  url: { type: string }
  host: { type: string }
  extra: { type: string }
  ports: { type: array, items: { type: integer } }
`);
    const good = await validate(definition, gizmo('{ size: 500Mi, net: 10.0.0.0/8, ip: 10.1.2.3, url: "https://x.dev", host: web, ports: [80, 443] }'));
    assert.deepEqual(good, { code: 0, problems: [], warnings: [] });
    const bad = await validate(definition, gizmo('{ size: 2Gi, net: 10.0.0.0/8, ip: 192.168.0.1, url: "http://x.dev", host: Web, ports: [443, 80], extra: bad, version: v0.9 }'));
    assert.equal(bad.problems.length, 8, bad.problems.join('\n'));
  });

  it('warns, naming the CRD and the rule, about a rule it cannot evaluate, and never rejects for it', async () => {
    const definition = crd(`type: object
x-kubernetes-validations:
  - rule: "'%s!'.format([self.name]) != 'x!'"
properties:
  name: { type: string }
`);
    const outcome = await validate(definition, gizmo('{ name: x }'));
    assert.equal(outcome.code, 0, outcome.problems.join('\n'));
    assert.equal(outcome.warnings.length, 1);
    assert.match(outcome.warnings[0]!, /^crds: CustomResourceDefinition\/gizmos\.example\.dev \(crds\/gizmos\.example\.dev\.yaml\) spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: rule "'%s!'\.format/);
  });

  it('refuses a CRD whose rule reads a field its schema does not declare, as the API server’s compiler does', async () => {
    const definition = crd(`type: object
x-kubernetes-validations:
  - rule: self.count > 0
properties:
  size: { type: integer }
`);
    const outcome = await validate(definition);
    assert.deepEqual(outcome.problems, [
      "crds: CustomResourceDefinition/gizmos.example.dev (crds/gizmos.example.dev.yaml) spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: \"self.count > 0\": compilation failed: ERROR: <input>:1:5: undefined field 'count'",
    ]);
  });
});

describe('custom resources: schema features', () => {
  it('keeps the schema when a pattern uses RE2-only syntax, and checks it', async () => {
    const definition = crd(`type: object
properties:
  name: { type: string, pattern: '(?i)^[a-z]+\\z' }
  size: { type: integer, minimum: 1 }
`);
    assert.equal((await validate(definition, gizmo('{ name: Abc, size: 1 }'))).code, 0);
    assert.deepEqual((await validate(definition, gizmo('{ name: a1, size: 0 }'))).problems, [
      `${AT} spec.name: Invalid value: "a1": spec.name in body should match '(?i)^[a-z]+\\z'`,
      `${AT} spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1`,
    ]);
  });

  it('warns about a pattern it cannot translate, naming the CRD and field, and still applies the rest of the schema', async () => {
    const definition = crd(`type: object
properties:
  name: { type: string, pattern: '^\\C+$' }
  size: { type: integer, minimum: 1 }
`);
    const outcome = await validate(definition, gizmo('{ name: x, size: 0 }'));
    assert.deepEqual(outcome.problems, [`${AT} spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1`]);
    assert.equal(outcome.warnings.length, 1);
    assert.match(outcome.warnings[0]!, /CustomResourceDefinition\/gizmos\.example\.dev .* \(field spec\.name\): pattern "\^\\\\C\+\$" is not checked/);
  });

  it('refuses duplicate items of list-type set and duplicate keys of list-type map', async () => {
    const definition = crd(`type: object
properties:
  tags: { type: array, x-kubernetes-list-type: set, items: { type: string } }
  ports:
    type: array
    x-kubernetes-list-type: map
    x-kubernetes-list-map-keys: [name]
    items: { type: object, required: [name], properties: { name: { type: string }, port: { type: integer } } }
`);
    assert.equal((await validate(definition, gizmo('{ tags: [a, b], ports: [{ name: a, port: 1 }, { name: b, port: 1 }] }'))).code, 0);
    assert.deepEqual((await validate(definition, gizmo('{ tags: [a, a], ports: [{ name: a, port: 1 }, { name: a, port: 2 }] }'))).problems, [
      `${AT} spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}`,
      `${AT} spec.tags[1]: Duplicate value: "a"`,
    ]);
  });

  it('checks the formats the API server checks and ignores the others', async () => {
    const definition = crd(`type: object
properties:
  address: { type: string, format: ipv4 }
  id: { type: string, format: uuid }
  anything: { type: string, format: my-own-format }
`);
    assert.equal((await validate(definition, gizmo('{ address: 10.0.0.1, id: 123e4567-e89b-12d3-a456-426614174000, anything: "?" }'))).code, 0);
    assert.deepEqual((await validate(definition, gizmo('{ address: 10.0.0.300, id: nope }'))).problems, [
      `${AT} spec.address: Invalid value: "10.0.0.300": spec.address in body must be of type ipv4: "10.0.0.300"`,
      `${AT} spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"`,
    ]);
  });

  it('applies defaults before validating', async () => {
    const definition = crd(`type: object
required: [mode]
x-kubernetes-validations:
  - rule: self.mode == 'auto' || has(self.size)
properties:
  mode: { type: string, default: auto }
  size: { type: integer }
  note: { type: string, nullable: true }
`);
    assert.equal((await validate(definition, gizmo('{ note: null }'))).code, 0);
    assert.deepEqual((await validate(definition, gizmo('{ mode: manual }'))).problems, [`${AT} spec: Invalid value: "object": failed rule: self.mode == 'auto' || has(self.size)`]);
  });

  it('takes integers or strings for int-or-string, and anything under preserve-unknown-fields and embedded resources', async () => {
    const definition = crd(`type: object
properties:
  port: { x-kubernetes-int-or-string: true }
  values: { type: object, x-kubernetes-preserve-unknown-fields: true }
  template:
    type: object
    x-kubernetes-embedded-resource: true
    x-kubernetes-preserve-unknown-fields: true
`);
    assert.equal((await validate(definition, gizmo('{ port: 80, values: { a: { b: [1] } }, template: { apiVersion: v1, kind: ConfigMap, metadata: { name: x }, data: {} } }'))).code, 0);
    assert.equal((await validate(definition, gizmo('{ port: http }'))).code, 0);
    assert.deepEqual((await validate(definition, gizmo('{ port: [80] }'))).problems, [`${AT} spec.port: expected integer or string, got a list`]);
  });
});

describe('CustomResourceDefinitions themselves', () => {
  const CRD_AT = 'crds: CustomResourceDefinition/gizmos.example.dev (crds/gizmos.example.dev.yaml)';
  const STRING = 'type: object\nproperties:\n  size: { type: integer }\n';

  it('refuses a name other than <plural>.<group>', async () => {
    const outcome = await validate(crd(STRING).replace('name: gizmos.example.dev', 'name: gizmo.example.dev'));
    assert.deepEqual(outcome.problems, ['crds: CustomResourceDefinition/gizmo.example.dev (crds/gizmo.example.dev.yaml) metadata.name: Invalid value: "gizmo.example.dev": must be spec.names.plural+"."+spec.group']);
  });

  it('refuses two storage versions', async () => {
    const twice = crd(STRING).replace('  versions:\n', '  versions:\n    - { name: v2, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }\n');
    const outcome = await validate(twice);
    assert.deepEqual(outcome.problems, [`${CRD_AT} spec.versions: Invalid value: "…": must have exactly one version marked as storage version`]);
  });

  it('refuses a schema that is not structural', async () => {
    const outcome = await validate(crd('type: object\nproperties:\n  size: { minimum: 1 }\n  tags: { type: array }\n'));
    assert.deepEqual(outcome.problems, [
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields`,
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags].items: Required value: must be specified`,
    ]);
  });

  it('refuses a pattern RE2 cannot compile, and a default that its own schema refuses', async () => {
    const outcome = await validate(crd("type: object\nproperties:\n  name: { type: string, pattern: '(?=a)' }\n  size: { type: integer, default: many }\n"));
    assert.deepEqual(outcome.problems, [
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[name].pattern: Invalid value: "(?=a)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: lookaround assertions are not RE2`,
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].default: expected integer, got "many"`,
    ]);
  });

  it('refuses a rule that is not a bool and a messageExpression that is not a string', async () => {
    const outcome = await validate(crd('type: object\nx-kubernetes-validations:\n  - rule: self.size\n  - { rule: "true", messageExpression: "1 + 1" }\nproperties:\n  size: { type: integer }\n'));
    assert.deepEqual(outcome.problems, [
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "self.size": cel expression must evaluate to a bool`,
      `${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].messageExpression: Invalid value: "1 + 1": messageExpression must evaluate to a string`,
    ]);
  });

  it('refuses inconsistent list types', async () => {
    const outcome = await validate(crd('type: object\nproperties:\n  ports:\n    type: array\n    x-kubernetes-list-type: map\n    items: { type: object, properties: { name: { type: string } } }\n'));
    assert.deepEqual(outcome.problems, [`${CRD_AT} spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`]);
  });
});

describe("Flux's kinds against Flux's CRDs", () => {
  const KUSTOMIZATION = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: extra, namespace: flux-system }\nspec: { interval: 10m, path: ./apps/m, prune: true, sourceRef: { kind: GitRepository, name: flux-system } }';
  const HELM_RELEASE = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: podinfo, namespace: m }\nspec:\n  interval: 10m\n  chart: { spec: { chart: podinfo, sourceRef: { kind: HelmRepository, name: podinfo } } }';

  it('passes valid Flux objects and the generated app-of-apps', async () => {
    const outcome = await validate(KUSTOMIZATION, HELM_RELEASE, 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: { name: podinfo, namespace: m }\nspec: { url: "https://stefanprodan.github.io/podinfo", interval: 1h }');
    assert.deepEqual(outcome, { code: 0, problems: [], warnings: [] });
  });

  it('refuses unknown fields, wrong types and enum values', async () => {
    const outcome = await validate(KUSTOMIZATION.replace('prune: true', 'prune: yes-please, wait: 1').replace('kind: GitRepository', 'kind: GitRepo'));
    assert.deepEqual(outcome.problems, [
      'm: Kustomization/flux-system/extra (m/90-kustomization-extra.yaml) spec.prune: expected boolean, got "yes-please"',
      'm: Kustomization/flux-system/extra (m/90-kustomization-extra.yaml) spec.sourceRef.kind: Unsupported value: "GitRepo": supported values: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"',
      'm: Kustomization/flux-system/extra (m/90-kustomization-extra.yaml) spec.wait: expected boolean, got 1',
    ]);
  });

  it("evaluates the CRDs' CEL rules (a HelmRelease needs chart or chartRef)", async () => {
    const outcome = await validate(HELM_RELEASE.replace(/\n {2}chart: .*/, ''));
    assert.deepEqual(outcome.problems, ['m: HelmRelease/m/podinfo (m/90-helmrelease-podinfo.yaml) spec: Invalid value: "object": either chart or chartRef must be set']);
  });

  it('refuses a Flux API version the pinned controllers do not serve', async () => {
    const outcome = await validate(HELM_RELEASE.replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1'));
    assert.deepEqual(outcome.problems, ['m: HelmRelease/m/podinfo (m/90-helmrelease-podinfo.yaml) apiVersion: Flux\'s CustomResourceDefinition "helmreleases.helm.toolkit.fluxcd.io" does not serve helm.toolkit.fluxcd.io/v2beta1; served: helm.toolkit.fluxcd.io/v2']);
  });
});

describe('namespaces', () => {
  const configMap = (namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: ${namespace} }`;

  it('pass when an app creates them, when they are cluster defaults, or when config/flux.yaml lists them', async () => {
    const outcome = await validate(configMap('kube-system'), configMap('flux-system'), configMap('made'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: made }', configMap('m'));
    assert.deepEqual(outcome, { code: 0, problems: [], warnings: [] });
  });

  it('are an error naming the app, the namespace and the fix otherwise', async () => {
    const outcome = await validate(configMap('elsewhere'), configMap('elsewhere').replace('name: c', 'name: d'));
    assert.deepEqual(outcome.problems, [
      'm: ConfigMap/elsewhere/c (m/11-configmap-c.yaml) metadata.namespace: namespace "elsewhere" does not exist: no app creates it and it is not a cluster default; add a Namespace "elsewhere" to an app, or list it under existingNamespaces in config/flux.yaml if the cluster has it',
    ]);
  });
});
