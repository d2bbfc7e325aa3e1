// The one reader for YAML that homelab reads as Kubernetes objects: every document of a stream, as kubectl reads it.
import type { Problem } from '../errors.ts';
import { decodeYamlText } from './decode-text.ts';
import { DECLINED, readFast } from './fast-reader.ts';
import { MAX_KUBE_YAML_BYTES } from './limits.ts';
import { readReference } from './reference-reader.ts';
import { splitDocuments } from './split-documents.ts';

const HELM_SOURCE = /^# Source: (\S+)\s*$/m;

export interface KubeYaml {
  /** Every non-empty document's value, in order: JSON values exactly as kubectl would send them. */
  readonly documents: unknown[];
  /** Things kubectl accepts silently but the author should know (duplicate keys, ignored tags), located. */
  readonly warnings: Problem[];
}

export interface KubeYamlOptions {
  /** @default MAX_KUBE_YAML_BYTES (64 MiB) */
  readonly maxBytes?: number;
}

/**
 * Reads a YAML stream the way kubectl (sigs.k8s.io/yaml, go-yaml v2, YAML 1.1) does. `file` names the input as the user
 * knows it (a source-repo-relative path, `helm template of chart "x"`); errors are ConfigErrors at file:line:col.
 * Pass bytes where you have them: only then is invalid UTF-8 an error rather than U+FFFD.
 */
export function readKubeYaml(input: Uint8Array | string, file: string, options: KubeYamlOptions = {}): KubeYaml {
  const stream = decodeYamlText(input, file, options.maxBytes ?? MAX_KUBE_YAML_BYTES);
  const context = { file, stream, warnings: [] as Problem[] };
  const documents: unknown[] = [];
  for (const document of splitDocuments(stream, file)) {
    let value = readFast(document.text);
    if (value === DECLINED) {
      // Helm names each document's template; say it, since nobody has the rendered stream at hand.
      const source = HELM_SOURCE.exec(document.text.slice(0, 1000))?.[1];
      value = readReference(document, source ? { ...context, note: `from ${source}` } : context);
    }
    if (value !== null && value !== undefined) documents.push(value);
  }
  return { documents, warnings: context.warnings };
}
