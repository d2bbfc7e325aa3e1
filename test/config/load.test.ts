import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

/** Loads a source repo expected to be invalid and returns the error text. */
async function configErrors(files: Record<string, string>): Promise<string> {
  const dir = await sourceRepo(files);
  const error = await loadConfig(dir).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error.message;
}

describe('loadConfig', () => {
  it('applies the documented defaults', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { image: nginx }\n') });
    const config = await loadConfig(dir);
    assert.deepEqual(config.flux, {
      apiVersion: 'v1alpha1', kind: 'HomelabFluxConfig', repo: 'https://git.example.com/me/manifests.git',
      branch: 'main', path: 'flux', appsPath: 'apps', interval: '10m', kubeVersion: '1.34',
    });
    assert.deepEqual(config.apps, [{
      index: 0, id: 'web-app', template: 'web-app', namespace: 'web-app', dependencies: [], options: { image: 'nginx' }, flux: {},
    }]);
  });

  it('accepts flux: false and a flux settings object per app', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(`  - template: a
    flux: false
  - template: b
    namespace: shared
    flux: { interval: 5m, timeout: 1m30s, wait: false, retryInterval: 30s }
`) });
    const config = await loadConfig(dir);
    assert.equal(config.apps[0]!.flux, false);
    assert.deepEqual(config.apps[1]!.flux, { interval: '5m', timeout: '1m30s', wait: false, retryInterval: '30s' });
    assert.equal(config.apps[1]!.namespace, 'shared');
  });

  it('names file, line, column and key for a wrong option type', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    flux: sometimes\n') });
    assert.equal(message, 'config/apps.yaml:5:11 apps[0].flux: expected true, false or a mapping with interval, timeout, wait, retryInterval, force, healthChecks, healthCheckExprs, postBuild, deletionPolicy, suspend, got "sometimes"');
  });

  it('accepts every per-app Flux option', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(`  - template: a
    flux:
      force: true
      suspend: false
      deletionPolicy: WaitForTermination
      healthChecks: [{ kind: Deployment, name: a }, { apiVersion: apps/v1, kind: StatefulSet, name: db, namespace: data }]
      healthCheckExprs:
        - { apiVersion: cert-manager.io/v1, kind: Certificate, current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')" }
      postBuild:
        substitute: { DOMAIN: home.arpa, _replicas2: "2" }
        substituteFrom: [{ kind: ConfigMap, name: cluster-vars }, { kind: Secret, name: cluster-secrets, optional: true }]
        substituteStrategy: Always
`) });
    const config = await loadConfig(dir);
    const flux = config.apps[0]!.flux;
    assert.ok(flux);
    assert.equal(flux.deletionPolicy, 'WaitForTermination');
    assert.deepEqual(flux.postBuild?.substitute, { DOMAIN: 'home.arpa', _replicas2: '2' });
  });

  it('checks per-app Flux options as the Kustomization CRD does, with a did-you-mean for unknown ones', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml(`  - template: a
    flux:
      healthcheck: []
      interval: 100ns
      deletionPolicy: delete
      force: "yes"
      healthChecks: [{ kind: Deployment }]
      healthCheckExprs: [{ apiVersion: v1, kind: Pod }]
      postBuild:
        substitute: { 1st: x, ok: 2 }
        substituteFrom: [{ kind: Secrets, name: vars }]
        substitutes: {}
`) });
    const lines = message.split('\n');
    const expected = [
      /^config\/apps\.yaml:6:7 apps\[0\]\.flux\.healthcheck: unknown key; did you mean "healthChecks"\?/,
      /^config\/apps\.yaml:7:17 apps\[0\]\.flux\.interval: expected a duration such as "10m", "1h30m" or "45s", got "100ns"$/,
      /^config\/apps\.yaml:8:23 apps\[0\]\.flux\.deletionPolicy: expected "MirrorPrune" or "Delete" or "WaitForTermination" or "Orphan", got "delete"$/,
      /^config\/apps\.yaml:9:14 apps\[0\]\.flux\.force: expected boolean, got "yes"$/,
      /^config\/apps\.yaml:10:\d+ apps\[0\]\.flux\.healthChecks\[0\]\.name: missing required key \(expected string\)$/,
      /^config\/apps\.yaml:11:\d+ apps\[0\]\.flux\.healthCheckExprs\[0\]\.current: missing required key \(expected string\)$/,
      /^config\/apps\.yaml:13:28 apps\[0\]\.flux\.postBuild\.substitute\["1st"\]: expected a variable name: letters, digits and "_", not starting with a digit$/,
      /^config\/apps\.yaml:13:35 apps\[0\]\.flux\.postBuild\.substitute\.ok: expected string, got 2$/,
      /^config\/apps\.yaml:14:\d+ apps\[0\]\.flux\.postBuild\.substituteFrom\[0\]\.kind: expected "Secret" or "ConfigMap", got "Secrets"$/,
      /^config\/apps\.yaml:15:9 apps\[0\]\.flux\.postBuild\.substitutes: unknown key; did you mean "substitute"\?/,
    ];
    for (const pattern of expected) assert.ok(lines.some((line) => pattern.test(line)), `${pattern} in:\n${message}`);
    assert.equal(lines.length, expected.length, message);
  });

  it('suggests the closest key for a typo and lists the known keys', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    dependencise: [x]\n') });
    assert.match(message, /^config\/apps\.yaml:5:5 apps\[0\]\.dependencise: unknown key; did you mean "dependencies"\? \(known keys: template, id, namespace, dependencies, options, flux\)$/);
  });

  it('suggests the closest key in flux.yaml too', async () => {
    const message = await configErrors({
      'config/apps.yaml': appsYaml(''),
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://x.example/r.git\nappPath: apps\n',
    });
    assert.match(message, /^config\/flux\.yaml:4:1 appPath: unknown key; did you mean "appsPath"\?/);
  });

  it('rejects the wrong kind and apiVersion', async () => {
    const message = await configErrors({ 'config/apps.yaml': 'apiVersion: v1beta9\nkind: HomelabFluxConfig\napps: []\n' });
    assert.match(message, /config\/apps\.yaml:1:13 apiVersion: expected "v1alpha1", got "v1beta9"/);
    assert.match(message, /config\/apps\.yaml:2:7 kind: expected "HomelabAppsConfig", got "HomelabFluxConfig"/);
  });

  it('reports YAML syntax errors with their position', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: [web-app\n') });
    assert.match(message, /^config\/apps\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('reports duplicate keys as YAML errors', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: a\n    template: b\n') });
    assert.match(message, /config\/apps\.yaml:5:5: invalid YAML: Map keys must be unique/);
  });

  it('rejects an empty file', async () => {
    const message = await configErrors({ 'config/apps.yaml': '# nothing yet\n' });
    assert.equal(message, 'config/apps.yaml: the file is empty: expected a YAML mapping with apiVersion and kind');
  });

  it('rejects a missing file', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml(''), 'config/flux.yaml': undefined as unknown as string });
    assert.match(message, /config\/flux\.yaml: file not found/);
  });

  it('rejects a missing config directory with what to do', async () => {
    const dir = await tempDir();
    await assert.rejects(loadConfig(dir), /no config directory at ".*\/config": pass the source repository with --source DIR, or create one with `homelab init DIR`/);
  });

  it('rejects duplicate ids, pointing at the second', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n  - template: manifests\n    id: web-app\n') });
    assert.equal(message, 'config/apps.yaml:6:9 apps[1].id: duplicate id "web-app", already used by apps[0]; give one of them a different "id"');
  });

  it('rejects ids that are not DNS-1123 labels, so they can never become paths', async () => {
    for (const id of ['../x', 'Foo', 'a/b', '-a', 'a_b']) {
      const message = await configErrors({ 'config/apps.yaml': appsYaml(`  - template: web-app\n    id: "${id}"\n`) });
      assert.match(message, /^config\/apps\.yaml:5:9 apps\[0\]\.id: expected a DNS-1123 label/, id);
    }
  });

  it('rejects a template name that cannot serve as the id', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: My_Template\n') });
    assert.match(message, /apps\[0\]\.template: template name "My_Template" is not a valid app id \(a DNS-1123 label\); set "id" for this app/);
  });

  it('rejects the reserved ids', async () => {
    for (const id of ['flux', 'flux-bootstrap', 'crds']) {
      const message = await configErrors({ 'config/apps.yaml': appsYaml(`  - template: web-app\n    id: ${id}\n`) });
      assert.match(message, new RegExp(`apps\\[0\\]\\.id: id "${id}" is reserved`));
    }
  });

  it('rejects unknown dependencies with a suggestion', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: postgres\n  - template: blog\n    dependencies: [postgress]\n') });
    assert.equal(message, 'config/apps.yaml:6:20 apps[1].dependencies[0]: unknown app "postgress"; did you mean "postgres"?');
  });

  it('rejects a dependency on an app Flux does not deploy', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: db\n    flux: false\n  - template: blog\n    dependencies: [db]\n') });
    assert.match(message, /apps\[1\]\.dependencies\[0\]: "db" has flux: false/);
  });

  it('prints a dependency cycle', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml(`  - template: a
    dependencies: [b]
  - template: b
    dependencies: [c]
  - template: c
    dependencies: [a]
`) });
    assert.equal(message, 'config/apps.yaml:5:19 apps[0].dependencies: dependency cycle: a -> b -> c -> a');
  });

  it('prints a self-dependency as a cycle', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: a\n    dependencies: [a]\n') });
    assert.match(message, /dependency cycle: a -> a/);
  });

  it('rejects an appsPath that overlaps flux bootstrap\'s path', async () => {
    const message = await configErrors({
      'config/apps.yaml': appsYaml(''),
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://x.example/r.git\npath: clusters\nappsPath: clusters/apps\n',
    });
    assert.match(message, /config\/flux\.yaml:5:11 appsPath: "clusters\/apps" overlaps path "clusters"/);
  });

  it('reports problems of both files at once', async () => {
    const message = await configErrors({
      'config/apps.yaml': appsYaml('  - tempalte: a\n'),
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://x.example/r.git\ninterval: often\n',
    });
    assert.match(message, /config\/flux\.yaml:4:11 interval: expected a duration/);
    assert.match(message, /config\/apps\.yaml:4:5 apps\[0\]\.tempalte: unknown key; did you mean "template"\?/);
    assert.match(message, /config\/apps\.yaml:4:5 apps\[0\]\.template: missing required key/);
  });
});

describe('loadConfig reads its YAML strictly', () => {
  /** Errors of an apps.yaml given as bytes. */
  async function bytesErrors(apps: Buffer): Promise<string> {
    const dir = await sourceRepo({ 'config/apps.yaml': '' });
    await writeFile(path.join(dir, 'config/apps.yaml'), apps);
    const error = await loadConfig(dir).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }

  it('quotes the offending value', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    id: ../evil\n') });
    assert.match(message, /^config\/apps\.yaml:5:9 apps\[0\]\.id: expected a DNS-1123 label.*, got "\.\.\/evil"$/);
  });

  it('masks credentials in a quoted value', async () => {
    const message = await configErrors({
      'config/apps.yaml': appsYaml(''),
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://x.example/r.git\nbranch: main\ninterval: https://user:hunter2@x.example/\n',
    });
    assert.match(message, /interval: expected a duration .*got "https:\/\/\*\*\*@x\.example\/"/);
    assert.doesNotMatch(message, /hunter2/);
  });

  it('reports a key indented too deep at its own line', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options:\n      image: nginx\n        replicas: 2\n') });
    assert.equal(message, 'config/apps.yaml:7:9: invalid YAML: "replicas" is indented deeper than the line above it, so YAML reads it as part of that line\'s value; align it with the keys it belongs to');
  });

  it('reports a key indented too little at the key', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options:\n      image: nginx\n     replicas: 2\n') });
    assert.match(message, /^config\/apps\.yaml:7:6: invalid YAML: /);
  });

  it('locates an unknown alias, an alias bomb and unsupported tags', async () => {
    assert.equal(
      await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: *base\n') }),
      'config/apps.yaml:5:14: invalid YAML: unknown alias *base: define the anchor &base before using it',
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'];
    assert.match(await configErrors({ 'config/apps.yaml': appsYaml(`  - template: web-app\n    options:\n${bomb.map((l) => `      ${l}`).join('\n')}\n`) }),
      /^config\/apps\.yaml:7:14: invalid YAML: aliases expand to too many nodes/);
    const tags = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { a: !!binary aGk=, b: !!timestamp 2001-12-14, c: !Ref x }\n') });
    assert.match(tags, /config\/apps\.yaml:5:\d+: invalid YAML: the tag !!binary is not supported/);
    assert.match(tags, /config\/apps\.yaml:5:\d+: invalid YAML: the tag !!timestamp is not supported/);
    assert.match(tags, /config\/apps\.yaml:5:\d+: invalid YAML: the tag !Ref is not supported/);
  });

  it('refuses invalid UTF-8 rather than reading U+FFFD', async () => {
    const message = await bytesErrors(Buffer.concat([Buffer.from(appsYaml('  - template: web-app\n    id: caf')), Buffer.from([0xe9]), Buffer.from('\n')]));
    assert.match(message, /^config\/apps\.yaml:5:12: invalid UTF-8 \(byte 0xe9 at byte offset \d+\); save the file as UTF-8$/);
  });

  it('refuses integers beyond 2^53 instead of rounding them', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { limit: 9007199254740993 }\n') });
    assert.match(message, /^config\/apps\.yaml:5:23: 9007199254740993 is beyond 2\^53, where numbers lose digits \(it would become 9007199254740992\); quote it/);
  });

  it('refuses a very large file with a size error, without reading it', async () => {
    const message = await bytesErrors(Buffer.from(appsYaml(`  - template: web-app\n    options: { pad: "${'x'.repeat(5 * 1024 * 1024)}" }\n`)));
    assert.match(message, /^config\/apps\.yaml: 5\.0 MiB is more than the 4\.0 MiB homelab reads from one YAML file; split it$/);
  });

  it('refuses values YAML 1.1 (kubectl) reads differently, saying how to write them', async () => {
    const message = await configErrors({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options:\n      mode: 0644\n      enabled: yes\n      count: 1_000\n      on: 1\n      <<: { a: 1 }\n') });
    const lines = message.split('\n');
    assert.deepEqual(lines, [
      'config/apps.yaml:6:13: 0644 is 644 in YAML 1.2, which homelab reads, but 420 (octal) in YAML 1.1, which kubectl reads; write 0o644 (= 420) for an octal number such as a file mode, or 644 for the decimal',
      'config/apps.yaml:7:16: yes is the string "yes" in YAML 1.2, which homelab reads, but true in YAML 1.1, which kubectl reads; write true for the boolean, or "yes" in quotes for the string',
      'config/apps.yaml:8:14: 1_000 is the string "1_000" in YAML 1.2, which homelab reads, but 1000 in YAML 1.1, which kubectl reads; quote it for the string, or write the number without underscores',
      'config/apps.yaml:9:7: the key on is the string "on" in YAML 1.2, which homelab reads, but true in YAML 1.1, which kubectl reads; write true for the boolean, or "on" in quotes for the string',
      'config/apps.yaml:10:7: invalid YAML: "<<" merges mappings in YAML 1.1 (kubectl) but is an ordinary key in YAML 1.2; write the keys out (homelab\'s configuration has no merge keys)',
    ]);
  });

  it('accepts the unambiguous spellings', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { mode: 0o644, decimal: 644, enabled: true, word: "yes", count: 1000, hex: 0x1F, date: 2001-12-14 }\n') });
    const config = await loadConfig(dir);
    assert.deepEqual(config.apps[0]!.options, { mode: 420, decimal: 644, enabled: true, word: 'yes', count: 1000, hex: 31, date: '2001-12-14' });
  });
});
