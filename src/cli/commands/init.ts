// `homelab init DIR`: flags → initSourceRepo() → what was written, and what to do next.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { initSourceRepo } from '../../init/init.ts';
import { TOKEN_SECRET } from '../../init/workflow.ts';
import type { Logger } from '../logger.ts';

export function initCommand(logger: Logger): Command {
  return new Command('init')
    .description('scaffold a source repository: config, an example template and the publish workflow')
    .argument('[dir]', 'where to create it', '.')
    .option('--force', 'write into a non-empty directory, replacing files of the same names')
    .action(async (dir: string, flags: { force?: boolean }) => {
      const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
      logger.action(`scaffolding a source repository in "${dir}"`);
      const result = await initSourceRepo({ dir, force: flags.force ?? false, homelabVersion: version });
      for (const file of result.files) {
        if (file.action === 'overwritten') logger.warning(`overwrote "${file.path}"`);
        else if (file.action === 'unchanged') logger.action(`kept "${file.path}" (already as homelab writes it)`);
        else logger.action(`created "${file.path}"`);
      }
      logger.success(`scaffolded "${dir}"`);
      logger.result(
        [
          'next:',
          '  1. set repo in config/flux.yaml to your private manifests repository',
          '  2. npm install, then commit package-lock.json (the workflow runs npm ci)',
          `  3. add a repository secret ${TOKEN_SECRET}: a token with read and write access to the manifests repository's contents`,
          '  4. push to main: .github/workflows/publish.yaml runs `homelab publish`',
        ].join('\n'),
      );
    });
}
