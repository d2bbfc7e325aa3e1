// Every YAML document of a text as plain values, skipping empty ones; the first syntax error throws.
import { parseAllDocuments } from 'yaml';
import { HomelabError } from '../errors.ts';

/** `describe` turns the parser's first message line into the error text, naming what was read. */
export function yamlDocuments(text: string, describe: (message: string) => string): unknown[] {
  const parsed = parseAllDocuments(text);
  const documents = Array.isArray(parsed) ? parsed : [];
  const values: unknown[] = [];
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw new HomelabError(describe(error.message.split('\n')[0]!));
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}
