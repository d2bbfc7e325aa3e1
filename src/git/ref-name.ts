// Branch names as git accepts them (git-check-ref-format(1) for refs/heads/<name>), minus the spellings that would
// mean something else to git: an option ("-x"), HEAD, or a full ref name ("refs/heads/x" would become
// refs/heads/refs/heads/x).
import { HomelabError } from '../errors.ts';
import { shownValue } from '../util/shown-value.ts';

/** Why `name` is not a branch homelab publishes to, or undefined when it is one. */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-", which git would read as an option';
  if (name === 'HEAD' || name === '@') return 'it names the current commit, not a branch';
  if (name.startsWith('refs/')) return `give the branch's short name ("${name.replace(/^refs\/(heads\/)?/, '')}"), not a ref`;
  // git-check-ref-format's rules, in its order.
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return 'a part starts with "." or ends with ".lock"';
  if (name.includes('..')) return 'it contains ".."';
  if (/[\x00-\x20\x7f~^:]/.test(name)) return 'it contains a space, a control character, "~", "^" or ":"';
  if (/[?*[]/.test(name)) return 'it contains "?", "*" or "["';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'it starts or ends with "/" or contains "//"';
  if (name.endsWith('.')) return 'it ends with "."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.includes('\\')) return 'it contains "\\"';
  return undefined;
}

export function checkBranchName(name: string, where: string): void {
  const problem = branchNameProblem(name);
  if (problem) throw new HomelabError(`${where} ${shownValue(name)} is not a valid branch name: ${problem}`);
}
