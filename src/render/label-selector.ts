// Kubernetes label selectors in their text form (`app=web,tier in (a,b),!canary`), as kubectl and kustomize's
// `labelSelector`/`annotationSelector` take them (k8s.io/apimachinery/pkg/labels), applied to a map of labels.

type Requirement =
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | '!exists' };

export type Selector = readonly Requirement[];

/** Parses a selector; throws naming `field` for text that is not one. */
export function parseSelector(text: string, field: string): Selector {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const clause = part.trim();
    if (clause === '') continue;
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(clause);
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(clause);
    const exists = /^(!?)\s*([^!=\s(),]+)$/.exec(clause);
    if (set) {
      requirements.push({ key: set[1]!, op: set[2] as 'in' | 'notin', values: set[3]!.split(',').map((value) => value.trim()) });
    } else if (equality) {
      requirements.push({ key: equality[1]!, op: equality[2] === '!=' ? 'notin' : 'in', values: [equality[3]!] });
    } else if (exists) {
      requirements.push({ key: exists[2]!, op: exists[1] ? '!exists' : 'exists' });
    } else {
      throw new Error(`${field} "${text}": cannot read "${clause}" (expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key)`);
    }
  }
  return requirements;
}

export function matchesSelector(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((requirement) => {
    const has = Object.hasOwn(labels, requirement.key);
    switch (requirement.op) {
      case 'exists': return has;
      case '!exists': return !has;
      case 'in': return has && requirement.values.includes(labels[requirement.key]!);
      // As in Kubernetes: `key!=value` and `key notin (…)` also match objects without the key.
      case 'notin': return !has || !requirement.values.includes(labels[requirement.key]!);
    }
  });
}

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
