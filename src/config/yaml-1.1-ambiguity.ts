// Plain values of homelab's own YAML files that YAML 1.1 readers (kubectl, go-yaml v2) would read differently from
// YAML 1.2: `0644`, `yes`, `on`, `1_000`, `<<`. homelab refuses them with a message saying how to write the value,
// because the user may have meant either reading and the rendered manifests would carry only one.
import { isUnsafeInteger, resolveScalar, type GoScalar } from '../yaml/go-scalars.ts';

/** The problem with a plain scalar that YAML 1.2 read as `yaml12`, or undefined when both readings agree. */
export function ambiguityProblem(text: string, yaml12: unknown, isKey: boolean): string | undefined {
  const what = isKey ? 'the key' : '';
  if (text === '<<') {
    return `invalid YAML: "<<" merges mappings in YAML 1.1 (kubectl) but is an ordinary key in YAML 1.2; write the keys out (homelab's configuration has no merge keys)`;
  }
  const go = resolveScalar('', text) as GoScalar;
  if (isUnsafeInteger(go) || (typeof yaml12 === 'number' && Number.isInteger(yaml12) && !Number.isSafeInteger(yaml12) && /^[-+]?[0-9_]+$/.test(text))) {
    return `${what ? `${what} ` : ''}${text} is beyond 2^53, where numbers lose digits (it would become ${Number(text.replaceAll('_', ''))}); quote it ("${text}") to keep it as text`;
  }
  const yaml11 = valueOf(go);
  if (same(yaml12, yaml11)) return undefined;
  const subject = what ? `${what} ${text}` : text;
  if (go.kind === 'bool') {
    return `${subject} is the string "${text}" in YAML 1.2, which homelab reads, but ${yaml11} in YAML 1.1, which kubectl reads; write ${yaml11} for the boolean, or "${text}" in quotes for the string`;
  }
  if (go.kind === 'int' && /^[-+]?0[0-9_]+$/.test(text)) {
    const digits = text.replace(/^[-+]?0/, '').replaceAll('_', '');
    return `${subject} is ${describe(yaml12)} in YAML 1.2, which homelab reads, but ${yaml11} (octal) in YAML 1.1, which kubectl reads; write 0o${digits} (= ${yaml11}) for an octal number such as a file mode, or ${digits} for the decimal`;
  }
  return `${subject} is ${describe(yaml12)} in YAML 1.2, which homelab reads, but ${describe(yaml11)} in YAML 1.1, which kubectl reads; quote it for the string, or write the number without underscores`;
}

function valueOf(scalar: GoScalar): unknown {
  switch (scalar.kind) {
    case 'null': return null;
    case 'int': case 'uint': return Number(scalar.value);
    default: return scalar.value;
  }
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `the string "${value}"` : String(value);
}
