// The one reader for YAML that homelab reads as Kubernetes objects: every document of a stream, as kubectl reads it.
import { createHash } from 'node:crypto';
import type { Problem } from '../errors.ts';
import { decodeYamlText } from './decode-text.ts';
import { DECLINED, readFast, type FastWarning } from './fast-reader.ts';
import { MAX_KUBE_YAML_BYTES } from './limits.ts';
import { addWarning, readReference, type ReadContext } from './reference-reader.ts';
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
  /** Documents read before, whose values are taken again rather than read twice (see KnownDocuments). */
  readonly known?: KnownDocuments;
}

/**
 * Values of documents already read, by a digest of their text (comment lines before it aside, which `helm template`
 * adds): a chart's crds/ files are read ahead for their API versions, then again in `helm template --include-crds`
 * output, and a big chart's CRDs are most of a cold render's YAML. With `remember`, a document that read without a
 * warning is kept (its warnings would need its position in the new stream).
 */
export interface KnownDocuments {
  /** digest → the value's JSON text (the readers give JSON values only): each reader gets its own copy. */
  readonly values: Map<string, string>;
  readonly remember: boolean;
}

/** Smaller documents read faster than their digest and copy. */
const KNOWN_MIN_LENGTH = 4096;

/**
 * Reads a YAML stream the way kubectl (sigs.k8s.io/yaml, go-yaml v2, YAML 1.1) does. `file` names the input as the user
 * knows it (a source-repo-relative path, `helm template of chart "x"`); errors are ConfigErrors at file:line:col.
 * Pass bytes where you have them: only then is invalid UTF-8 an error rather than U+FFFD.
 */
export function readKubeYaml(input: Uint8Array | string, file: string, options: KubeYamlOptions = {}): KubeYaml {
  const stream = decodeYamlText(input, file, options.maxBytes ?? MAX_KUBE_YAML_BYTES);
  const context = { file, stream, warnings: [] as Problem[] };
  const documents: unknown[] = [];
  const known = options.known;
  for (const document of splitDocuments(stream, file)) {
    const key = known && document.text.length >= KNOWN_MIN_LENGTH && (known.remember || known.values.size > 0) ? digestOf(document.text) : undefined;
    const seen = key === undefined ? undefined : known!.values.get(key);
    if (seen !== undefined) {
      documents.push(JSON.parse(seen));
      continue;
    }
    const warned = context.warnings.length;
    const fastWarnings: FastWarning[] = [];
    let value = readFast(document.text, fastWarnings);
    if (value === DECLINED) {
      value = readReference(document, documentContext(context, document.text));
    } else if (fastWarnings.length > 0) {
      const located = documentContext(context, document.text);
      for (const warning of fastWarnings) addWarning(located, document.offset + warning.offset, warning.message);
    }
    if (value === null || value === undefined) continue;
    documents.push(value);
    if (key !== undefined && known!.remember && context.warnings.length === warned) known!.values.set(key, JSON.stringify(value));
  }
  return { documents, warnings: context.warnings };
}

/** Helm names each document's template: warnings and errors say it, since nobody has the rendered stream at hand. */
function documentContext(context: ReadContext, text: string): ReadContext {
  const source = HELM_SOURCE.exec(text.slice(0, 1000))?.[1];
  return source ? { ...context, note: `from ${source}` } : context;
}

/** A document's digest, without the comment and blank lines before its content. */
function digestOf(text: string): string {
  const start = LEADING_COMMENTS.exec(text)![0].length;
  return createHash('sha256').update(text.slice(start).trimEnd()).digest('hex');
}

const LEADING_COMMENTS = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/;
