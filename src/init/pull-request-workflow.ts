// The GitHub Actions workflow that checks pull requests: `homelab validate`, then the diff of what they
// would publish as a pull-request comment. The one source of truth for what `homelab init` writes and for
// example/.github/workflows/pull-request.yaml.
import { setupSteps, TOKEN_SECRET, type WorkflowOptions } from './workflow.ts';

export const PULL_REQUEST_WORKFLOW_PATH = '.github/workflows/pull-request.yaml';

export function pullRequestWorkflow(options: WorkflowOptions = {}): string {
  const branch = options.branch ?? 'main';
  return `# Checks every pull request before it can deploy anything: \`homelab validate\`, then the diff of the
# manifests it would publish, posted (and kept up to date) as a comment on the pull request.
# Needs the repository secret HOMELAB_GIT_TOKEN, as the publish workflow does (reading the manifests
# repository is enough here). Pull requests from forks get the validation but no diff: GitHub gives
# them neither secrets nor the right to comment.
name: pull-request

on:
  pull_request:
    branches: [${branch}]

# A newer push to the same pull request supersedes the running check.
concurrency:
  group: homelab-pull-request-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
${setupSteps()}      - run: npx homelab validate

  diff:
    needs: validate
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: read
      pull-requests: write
    steps:
${setupSteps()}      # The published manifests: the branch of config/flux.yaml's repo. The token reaches git through
      # the environment and a one-off credential helper, never a command line or the clone's config.
      - name: fetch the published manifests
        env:
          ${TOKEN_SECRET}: \${{ secrets.${TOKEN_SECRET} }}
        run: |
          repo=$(yq '.repo' config/flux.yaml)
          branch=$(yq '.branch // "main"' config/flux.yaml)
          git -c credential.helper='!f() { echo username=x-access-token; echo "password=$HOMELAB_GIT_TOKEN"; }; f' \\
            clone --quiet --depth 1 --branch "$branch" -- "$repo" "$RUNNER_TEMP/manifests"
      # homelab diff exits 1 when something changes: that is the expected outcome here, not a failure.
      - name: diff
        run: |
          status=0
          npx homelab diff --format markdown --against "$RUNNER_TEMP/manifests" > "$RUNNER_TEMP/diff.md" || status=$?
          if [ "$status" -gt 1 ]; then exit "$status"; fi
      - name: comment on the pull request
        env:
          GH_TOKEN: \${{ github.token }}
          GH_REPO: \${{ github.repository }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
        run: gh pr comment "$PR_NUMBER" --edit-last --create-if-none --body-file "$RUNNER_TEMP/diff.md"
`;
}
