// The GitHub Actions workflow that runs `homelab publish` on every push: the one source of truth for what
// `homelab init` writes and for example/.github/workflows/publish.yaml.

/** Actions pinned by full commit SHA (a tag can be moved; a commit cannot); the comment names the release. */
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8', release: 'v5.0.0' },
  setupNode: { uses: 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444', release: 'v5.0.0' },
} as const;

export const WORKFLOW_PATH = '.github/workflows/publish.yaml';

/** The repository secret holding the manifests repo token, passed to publish as HOMELAB_GIT_TOKEN. */
export const TOKEN_SECRET = 'HOMELAB_GIT_TOKEN';

export interface WorkflowOptions {
  /** The source repository's branch that publishes. @default "main" */
  readonly branch?: string;
}

/**
 * The steps every homelab job starts with: check out without keeping credentials, Node 20 with the npm
 * cache, `npm ci`. `history` adds the comment and `fetch-depth: 0` publish needs for its ancestry check.
 */
export function setupSteps(history?: { readonly comment: string }): string {
  const { checkout, setupNode } = PINNED_ACTIONS;
  return `      - uses: ${checkout.uses} # ${checkout.release}
        with:
${history ? `          # ${history.comment}\n          fetch-depth: 0\n` : ''}          persist-credentials: false
      - uses: ${setupNode.uses} # ${setupNode.release}
        with:
          node-version: 20
          cache: npm
      - run: npm ci
`;
}

export function publishWorkflow(options: WorkflowOptions = {}): string {
  const branch = options.branch ?? 'main';
  return `# Publishes the rendered manifests to the manifests repository on every push to ${branch}.
# Written by \`homelab init\`. Needs the repository secret ${TOKEN_SECRET}: a token that may read
# and write the contents of the manifests repository, and nothing else.
name: publish

on:
  push:
    branches: [${branch}]

# One publish at a time, and a running one is never cancelled: the next run waits for it.
# (GitHub keeps only the newest waiting run, which is the one that matters; publish itself
# never lets an older source commit replace a newer one.)
concurrency:
  group: homelab-publish
  cancel-in-progress: false

permissions:
  contents: read

jobs:
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
${setupSteps({ comment: 'The whole history: publish checks that the source commit it replaces is an ancestor of this one.' })}      # The token reaches homelab through the environment only, never through the command line.
      - run: npx homelab publish
        env:
          ${TOKEN_SECRET}: \${{ secrets.${TOKEN_SECRET} }}
`;
}
