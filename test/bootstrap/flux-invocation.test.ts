import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fluxBootstrapInvocation, shellLine } from '../../src/bootstrap/flux-invocation.ts';
import { fluxConfigSchema } from '../../src/config/schema.ts';

const flux = (repo: string, extraArgs: string[] = [], branch = 'main') =>
  fluxConfigSchema.parse({ apiVersion: 'v1alpha1', kind: 'HomelabFluxConfig', repo, branch, bootstrap: { extraArgs } });

describe('fluxBootstrapInvocation', () => {
  it('refuses repository URLs with credentials instead of passing them to flux, never printing the password', () => {
    for (const repo of ['https://me:hunter2@git.example.com/fleet.git', 'https://hunter2@github.com/me/fleet', 'ssh://git:hunter2@git.example.com/fleet.git', 'http://x:hunter2@127.0.0.1:8080/fleet.git']) {
      assert.throws(() => fluxBootstrapInvocation(flux(repo)), (error: Error) => {
        assert.match(error.message, /^config\/flux\.yaml repo must not contain (credentials|a password)/);
        assert.ok(!error.message.includes('hunter2'), error.message);
        return true;
      }, repo);
    }
  });

  it('refuses short flags, credential flags and flags homelab sets itself in extraArgs', () => {
    const cases: [string, RegExp][] = [
      ['-phunter2', /^config\/flux\.yaml bootstrap\.extraArgs: "-phunter2": write flags in their long form \("--name=value"\); short forms are refused, since "-p…" would pass a password on the command line$/],
      ['-s', /write flags in their long form/],
      ['--password=hunter2', /^config\/flux\.yaml bootstrap\.extraArgs: "--password" would pass a credential on the command line/],
      ['--token=x', /would pass a credential/],
      ['--url=https://evil.example/fleet', /^config\/flux\.yaml bootstrap\.extraArgs: "--url" is set by homelab itself/],
      ['--branch=other', /"--branch" is set by homelab itself/],
      ['--path=elsewhere', /"--path" is set by homelab itself/],
      ['--owner=someone', /"--owner" is set by homelab itself/],
      ['--hostname=evil.example', /"--hostname" is set by homelab itself/],
      ['--kubeconfig=/tmp/other', /"--kubeconfig" is set by homelab itself/],
    ];
    for (const [arg, expected] of cases) {
      assert.throws(() => fluxBootstrapInvocation(flux('https://github.com/me/fleet.git', ['--components-extra=image-reflector-controller', arg])), { message: expected }, arg);
    }
    assert.deepEqual(fluxBootstrapInvocation(flux('https://github.com/me/fleet.git', ['--components-extra=image-reflector-controller'])).args.slice(-1), ['--components-extra=image-reflector-controller']);
  });

  it('never echoes control characters from the config', () => {
    for (const arg of ['-p\x1b[2Jhunter2', '--url\x1b[31m=x', '--password\r\n✔ all good=x']) {
      assert.throws(() => fluxBootstrapInvocation(flux('https://github.com/me/fleet.git', [arg])), (error: Error) => {
        assert.doesNotMatch(error.message, /[\x00-\x1f\x7f]/, JSON.stringify(error.message));
        assert.match(error.message, /\\u001b|\\r\\n/);
        return true;
      }, JSON.stringify(arg));
    }
    assert.throws(() => fluxBootstrapInvocation(flux('https://git.example.com/fleet\x1b[2J.git')), (error: Error) => {
      assert.doesNotMatch(error.message, /[\x00-\x1f\x7f]/);
      return true;
    });
    assert.equal(shellLine(['flux', 'a\x1bb', "it's"]), `flux $'a\\x1bb' 'it'\\''s'`);
  });

  it('treats explicit default ports on github.com and gitlab.com as those services, other ports as plain git', () => {
    const provider = (repo: string) => {
      const invocation = fluxBootstrapInvocation(flux(repo));
      return `${invocation.provider} ${invocation.args.filter((arg) => /^--(owner|repository|url)=/.test(arg)).join(' ')}`;
    };
    assert.equal(provider('https://github.com:443/me/fleet.git'), 'github --owner=me --repository=fleet');
    assert.equal(provider('ssh://git@github.com:22/me/fleet.git'), 'github --owner=me --repository=fleet');
    assert.equal(provider('https://gitlab.com:443/team/infra/fleet'), 'gitlab --owner=team/infra --repository=fleet');
    assert.equal(provider('ssh://git@GitLab.com:22/team/fleet.git'), 'gitlab --owner=team --repository=fleet');
    assert.equal(provider('https://github.com:8443/me/fleet.git'), 'git --url=https://github.com:8443/me/fleet.git');
  });

  it('refuses branches git would read as something else', () => {
    for (const branch of ['HEAD', 'refs/heads/main', '-b']) {
      assert.throws(() => fluxBootstrapInvocation(flux('https://github.com/me/fleet.git', [], branch)), { message: /^config\/flux\.yaml branch ".*" is not a valid branch name/ }, branch);
    }
  });
});
