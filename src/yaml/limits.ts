// The limits of homelab's YAML readers, and the located problems they report.
import { ConfigError, type Problem, type SourcePosition } from '../errors.ts';

/**
 * One Kubernetes YAML input (a file, one chart's `helm template` output): 64 MiB. The largest real chart output
 * (kube-prometheus-stack, mostly CRDs) is about 5 MiB, and the API server takes at most 3 MiB per object.
 */
export const MAX_KUBE_YAML_BYTES = 64 * 1024 * 1024;
/** config/apps.yaml and config/flux.yaml: 4 MiB (a thousand apps take about 100 KiB). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Collections nested deeper than this are refused (the deepest real CRD schemas nest about 40 levels). */
export const MAX_DEPTH = 1000;
/** The fast readers' nesting limit (js-yaml's default): deeper documents go to the reference reader. */
export const FAST_MAX_DEPTH = 100;

/** go-yaml v2 decode.go allowedAliasRatio(): the share of decoded nodes that may come from alias expansion. */
export function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

export function sizeProblem(file: string, bytes: number, limit: number): Problem {
  return { file, message: `${formatBytes(bytes)} is more than the ${formatBytes(limit)} homelab reads from one YAML file; split it` };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** 1-based line and column of an offset into `text` (columns count UTF-16 code units, like the yaml library's). */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A located problem in one YAML input, thrown as the ConfigError every caller already reports. */
export function yamlError(file: string, text: string, offset: number, message: string): ConfigError {
  return new ConfigError([{ file, position: positionAt(text, offset), message }]);
}
