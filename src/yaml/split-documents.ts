// Splits a YAML stream into documents as kubectl does (k8s.io/apimachinery/pkg/util/yaml decoder.go YAMLReader.Read):
// every line that starts with "---" ends a document, and only blanks or a comment may follow the dashes.
import { yamlError } from './limits.ts';

export interface DocumentText {
  /** The document's text, without the separator line. */
  readonly text: string;
  /** Offset of `text` in the whole stream. */
  readonly offset: number;
}

const SEPARATOR = /^---/gm;

export function splitDocuments(stream: string, file: string): DocumentText[] {
  const documents: DocumentText[] = [];
  let start = 0;
  SEPARATOR.lastIndex = 0;
  for (let match = SEPARATOR.exec(stream); match; match = SEPARATOR.exec(stream)) {
    const lineEnd = stream.indexOf('\n', match.index);
    const end = lineEnd === -1 ? stream.length : lineEnd + 1;
    const rest = stream.slice(match.index + 3, end).trim();
    if (rest !== '' && !rest.startsWith('#')) {
      throw yamlError(file, stream, match.index, `invalid document separator "${stream.slice(match.index, end).trimEnd()}": kubectl only allows a comment after "---"; put the content on the next line`);
    }
    if (match.index > start) documents.push({ text: stream.slice(start, match.index), offset: start });
    start = end;
    SEPARATOR.lastIndex = end;
  }
  if (start < stream.length) documents.push({ text: stream.slice(start), offset: start });
  return documents;
}
