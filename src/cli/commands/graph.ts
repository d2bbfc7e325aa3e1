// `homelab graph`: flags → renderSourceView() → the app graph as mermaid, dot, json or svg (stdout or --output).
import { Command, Option } from 'commander';
import { GRAPH_FORMATS, formatGraph, type GraphFormat } from '../../graph/format.ts';
import { writeFileAtomic } from '../../output/write-file.ts';
import { renderSourceView } from '../../pipeline/source-view.ts';
import type { Logger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

interface GraphFlags {
  source: string;
  format: GraphFormat;
  output?: string;
}

export function graphCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('graph')
    .description('the app dependency graph: apps as nodes, Flux dependsOn as edges (automatic crds edges dotted, wait marked)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .addOption(new Option('--format <format>', 'output format: mermaid for a README or PR comment, dot for Graphviz, json, or a laid-out svg').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (flags: GraphFlags) => {
      logger.action(`rendering apps from "${flags.source}"`);
      const { graph } = await renderSourceView(flags.source, createRuntime(env));
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
