// Bytes → text for YAML: strict UTF-8 (never a silent U+FFFD), a size limit, and the characters kubectl refuses.
import { isUtf8 } from 'node:buffer';
import { ConfigError } from '../errors.ts';
import { positionAt, sizeProblem, yamlError } from './limits.ts';

/**
 * go-yaml's reader (readerc.go) refuses control characters other than tab, LF and CR. NEL, LS and PS are line breaks
 * in YAML 1.1 (kubectl) but ordinary characters in YAML 1.2, so the same file would mean two things: refused too.
 */
const REFUSED_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/;

export function decodeYamlText(input: Uint8Array | string, file: string, maxBytes: number): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) throw new ConfigError([sizeProblem(file, size, maxBytes)]);
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
      throw new ConfigError([{ file, message: 'the file is UTF-16; save it as UTF-8' }]);
    }
    if (!isUtf8(bytes)) {
      const offset = firstInvalidUtf8(bytes);
      const before = bytes.subarray(0, offset).toString('utf8');
      throw yamlError(file, before, before.length, `invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte offset ${offset}); save the file as UTF-8`);
    }
    text = bytes.toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const refused = REFUSED_CHARACTER.exec(text);
  if (refused) {
    const code = refused[0].charCodeAt(0);
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const breakLike = code === 0x85 || code === 0x2028 || code === 0x2029;
    const message = breakLike
      ? `the character ${name} is a line break to kubectl (YAML 1.1) but not to YAML 1.2 tools; write it as an escape ("\\u${code.toString(16).padStart(4, '0')}") in a double-quoted string`
      : `control character ${name}: kubectl refuses it ("control characters are not allowed"); write it as an escape in a double-quoted string`;
    throw new ConfigError([{ file, position: positionAt(text, refused.index), message }]);
  }
  return text;
}

/** The byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (!isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return i;
}
