import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeAskpass } from '../../src/git/credentials.ts';
import { createGit, GitError } from '../../src/git/run-git.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { git, testGitEnv } from '../support/git-repos.ts';
import { tempDir } from '../support/source-repo.ts';

let server: GitServer;
before(async () => {
  server = await startGitServer();
});
after(() => server.close());

describe('run-git', () => {
  it('works in the given repository even when GIT_DIR and GIT_WORK_TREE point elsewhere', async () => {
    const [mine, other] = [await tempDir(), await tempDir()];
    await git(['init', '--quiet', '--bare', mine]);
    await git(['init', '--quiet', other]);
    const runner = createGit({ credentials: { username: 'u' }, env: { ...(await testGitEnv()), GIT_DIR: path.join(other, '.git'), GIT_WORK_TREE: other } });
    assert.equal((await runner.output(['rev-parse', '--git-dir'], { cwd: mine })).trim(), '.');
  });

  it('consults no credential helper, so none can answer for the token or store it', async () => {
    const home = await tempDir('homelab-home-');
    const called = path.join(home, 'helper-called');
    await writeFile(path.join(home, '.gitconfig'), `[credential]\n\thelper = "!f() { echo \\"$1\\" >> '${called}'; }; f"\n`);
    await server.createBareRepo('helper.git');
    const work = await tempDir();
    const env = { ...(await testGitEnv()), HOME: home, XDG_CONFIG_HOME: home };
    const runner = createGit({ credentials: { token: server.token, username: 'x-access-token' }, askpass: await writeAskpass(work), remoteUrl: server.url('helper.git'), env });
    await runner.output(['init', '--quiet', '--bare', path.join(work, 'r.git')]);
    const listed = await runner.run(['ls-remote', server.url('helper.git')], { cwd: path.join(work, 'r.git'), remote: true });
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(!existsSync(called), 'the credential helper was called');
  });

  it('offers the token only to remote commands, and scrubs it from what git prints', async () => {
    const work = await tempDir();
    const token = 'tok-en_SECRET-123';
    const runner = createGit({ credentials: { token, username: 'x-access-token' }, askpass: await writeAskpass(work), remoteUrl: server.url('any.git'), env: await testGitEnv() });
    const printEnv = ['-c', 'alias.env=!env', 'env'];
    assert.doesNotMatch((await runner.run(printEnv)).stdout, /HOMELAB_ASKPASS|GIT_ASKPASS/);
    const remote = await runner.run(printEnv, { remote: true });
    assert.match(remote.stdout, /HOMELAB_ASKPASS_PASSWORD=\*\*\*/);
    assert.ok(!remote.stdout.includes(token));

    await runner.output(['init', '--quiet', '--bare', path.join(work, 'r.git')]);
    await assert.rejects(runner.output(['show', token], { cwd: path.join(work, 'r.git') }), (error: GitError) => {
      assert.ok(error instanceof GitError);
      assert.equal(error.message, "git show exited with 128: fatal: ambiguous argument '***': unknown revision or path not in the working tree.; Use '--' to separate paths from revisions, like this:; 'git <command> [<revision>...] -- [<file>...]'");
      assert.deepEqual(error.args, ['show', '***']);
      return true;
    });
  });
});
