// Precompiled ajv validators kept as statements (scripts/k8s-schemas.mjs splitStandalone), linked on demand: a render
// compiles only the code of the kinds it validates, in one function so kinds share their common definitions.
import type { ValidateFunction } from 'ajv';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// ajv's standalone code may require its small runtime helpers (ucs2length, equal).
const require = createRequire(import.meta.url);

/** What scripts/k8s-schemas.mjs (standaloneText) writes to schemas/kubernetes-<minor>.validators.txt and Flux's. */
export interface StandaloneStatements {
  readonly source: string;
  readonly format: number;
  readonly statements: readonly string[];
  /** Export name → its validator's function name and the statements (source order) it reaches. */
  readonly exports: Readonly<Record<string, { readonly validator: string; readonly statements: readonly number[] }>>;
}

/**
 * Reads a file standaloneText wrote: its JSON header (with `exports`) and one statement per line; undefined when
 * the file is missing or unreadable. `Header` is what else the header holds.
 */
export async function readStandaloneStatements<Header extends object>(file: string): Promise<(StandaloneStatements & Partial<Header>) | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    const end = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, end)) as StandaloneStatements & Partial<Header>;
    // The last line is empty (the file ends with a newline).
    const statements = text.slice(end + 1).split('\n');
    statements.pop();
    return { ...header, statements };
  } catch {
    return undefined;
  }
}

export class LinkedValidators {
  private readonly code: StandaloneStatements;
  private readonly linked = new Map<string, ValidateFunction>();

  constructor(code: StandaloneStatements) {
    this.code = code;
  }

  /** Links the validators of these exports together (what one render needs); already linked ones are kept. */
  link(names: Iterable<string>): void {
    const wanted = [...new Set(names)].filter((name) => !this.linked.has(name) && Object.hasOwn(this.code.exports, name));
    if (wanted.length === 0) return;
    const statements = new Set<number>();
    for (const name of wanted) for (const index of this.code.exports[name]!.statements) statements.add(index);
    const body = [...statements].sort((a, b) => a - b).map((index) => this.code.statements[index]).join('\n');
    const exported = wanted.map((name) => `${JSON.stringify(name)}: ${validatorName(this.code.exports[name]!.validator)}`).join(', ');
    // Code scripts/k8s-schemas.mjs generated with ajv from the bundle's schemas (as importing a module of it would run).
    const validators = new Function('require', `"use strict";\n${body}\nreturn { ${exported} };`)(require) as Record<string, ValidateFunction>;
    for (const name of wanted) this.linked.set(name, validators[name]!);
  }

  /** The validator of one export, linked now unless it already is; undefined when there is none. */
  get(name: string): ValidateFunction | undefined {
    if (!this.linked.has(name)) this.link([name]);
    return this.linked.get(name);
  }
}

function validatorName(name: string): string {
  if (!/^validate\d+$/.test(name)) throw new Error(`precompiled validators: unexpected function name ${JSON.stringify(name)}`);
  return name;
}
