// Commit message trailers (`Key: value` lines in the last paragraph), as git interpret-trailers reads them.

/** The message with the trailers appended as its last paragraph. */
export function withTrailers(message: string, trailers: readonly (readonly [string, string])[]): string {
  const body = message.replace(/\s+$/, '');
  return `${body}\n\n${trailers.map(([key, value]) => `${key}: ${value}`).join('\n')}\n`;
}

/** The trailers of a message, keys as written; the last one wins when a key repeats. */
export function parseTrailers(message: string): Map<string, string> {
  const paragraphs = message.replace(/\s+$/, '').split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? paragraphs[paragraphs.length - 1]! : '';
  const trailers = new Map<string, string>();
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*?)\s*$/.exec(line);
    if (match) trailers.set(match[1]!, match[2]!);
  }
  return trailers;
}
