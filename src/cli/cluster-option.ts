// The `--cluster NAME...` option every command takes: which clusters of config/clusters.yaml to work on.
import { Option } from 'commander';

/** `--cluster a b` or `--cluster a --cluster b`; absent means every cluster (or the only one). */
export function clusterOption(what = 'work on'): Option {
  return new Option('--cluster <name...>', `the clusters of config/clusters.yaml to ${what} (default: all)`);
}
