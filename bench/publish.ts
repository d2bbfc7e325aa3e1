// Benchmark of issue 4: `homelab publish` of the example, cold process, against a local smart-HTTP git server
// started here: a no-op publish (the repo already holds the render) and a publish that creates the branch.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startGitServer } from '../test/support/git-server.ts';
import { toolPath } from '../test/support/tools.ts';
import { measure, median } from './measure.ts';
import { scratchDir } from './scratch.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

export async function benchPublish(runs: number): Promise<void> {
  if (!existsSync(path.join(root, 'dist/publish/publish.js'))) throw new Error('dist/ has no publish: run `npm run build` first');
  const work = await scratchDir('publish');
  const server = await startGitServer();
  try {
    // The example as its own git repository with one commit, as CI would check it out.
    const source = path.join(work, 'source');
    await cp(path.join(root, 'example'), source, { recursive: true, filter: (src) => !/[/\\]manifests($|[/\\])/.test(src.slice(root.length)) });
    const git = (args: string[]) => promisify(execFile)('git', args, { cwd: source, env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.test' } });
    await git(['init', '--quiet', '--initial-branch=main']);
    await git(['add', '--all', '.']);
    await git(['commit', '--quiet', '-m', 'Example']);
    // The example renders a Helm chart: the children get the helm that scripts/tools/setup.sh built.
    const env = { HOMELAB_GIT_TOKEN: server.token, HOMELAB_HELM: process.env.HOMELAB_HELM || toolPath('helm') };

    const noopRepo = 'noop.git';
    await server.createBareRepo(noopRepo);
    const publishTo = (repo: string) => [bin, 'publish', '--source', source, '--repo', server.url(repo)];
    const first = await measure({ args: publishTo(noopRepo), env }, 1);
    const noop = await measure({ args: publishTo(noopRepo), env }, runs);
    if (!noop.lastStdout.trim() && !first.lastStdout.trim()) throw new Error('the first publish printed no summary; did it push?');

    // Each run publishes into a fresh empty repository (the branch is created), so every run pushes the whole render.
    let fresh = 0;
    const full = await measure({ args: publishTo('full.git'), env, before: async () => {
      await rm(path.join(server.root, 'repos', 'full.git'), { recursive: true, force: true });
      await server.createBareRepo('full.git');
      fresh++;
    } }, runs);

    console.log(`publish of the example (${(first.lastStdout.match(/^[+~-] /gm) ?? []).length} apps), cold process, local git server, median of ${runs}:`);
    console.log(`  no-op publish (up to date)     wall ${seconds(median(noop.wallMs))}  peak RSS ${mib(median(noop.maxRssKb))}  (runs: ${noop.wallMs.map(seconds).join(', ')})  (target <= 2 s)`);
    console.log(`  publish into an empty repo     wall ${seconds(median(full.wallMs))}  peak RSS ${mib(median(full.maxRssKb))}  (runs: ${full.wallMs.map(seconds).join(', ')}; ${fresh} fresh repos)`);
  } finally {
    await server.close();
  }
}
