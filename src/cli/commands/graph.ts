// `homelab graph`: flags → renderSourceView() → the app graph as mermaid, dot, json or svg (stdout or --output).
import { Command, Option } from 'commander';
import { GRAPH_FORMATS, formatGraph, type GraphFormat } from '../../graph/format.ts';
import { writeFileAtomic } from '../../output/write-file.ts';
import { renderSourceView } from '../../pipeline/source-view.ts';
import { HomelabError } from '../../errors.ts';
import { clusterOption } from '../cluster-option.ts';
import type { Logger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

interface GraphFlags {
  source: string;
  format: GraphFormat;
  output?: string;
  cluster?: string[];
}

export function graphCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('graph')
    .description('the app dependency graph: apps as nodes, Flux dependsOn as edges (automatic crds edges dotted, wait marked)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .addOption(new Option('--format <format>', 'output format: mermaid for a README or PR comment, dot for Graphviz, json, or a laid-out svg').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--output <file>', 'write to this file instead of stdout')
    .addOption(clusterOption('graph: one, needed when there are several'))
    .action(async (flags: GraphFlags) => {
      logger.action(`rendering apps from "${flags.source}"`);
      if (flags.cluster && flags.cluster.length > 1) throw new HomelabError(`graph shows one cluster at a time, not ${flags.cluster.length}: run it once per cluster`);
      const { graph } = await renderSourceView(flags.source, createRuntime(env), flags.cluster?.[0]);
      const text = formatGraph(graph, flags.format);
      const summary = `${graph.apps.length} app${graph.apps.length === 1 ? '' : 's'}, ${graph.edges.length} dependenc${graph.edges.length === 1 ? 'y' : 'ies'}`;
      if (flags.output === undefined) {
        logger.result(text);
        logger.success(summary);
      } else {
        await writeFileAtomic(flags.output, text);
        logger.success(`wrote "${flags.output}" (${flags.format}): ${summary}`);
      }
    });
}
