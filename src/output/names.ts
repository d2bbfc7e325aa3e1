// The names of an output's lock and temporary trees. Those beside the output start with `.<name>.homelab-`;
// those inside it (a mount point's) with `.homelab-`. Each temporary name carries its owner (pid and start time),
// so the next run can tell a killed run's leftovers from a live run's.
import path from 'node:path';
import { sha256Hex } from '../util/sha256.ts';

/** Prefix of the names a writer uses inside the output (besides the marker). */
export const INSIDE_PREFIX = '.homelab-';

/** `<kind>-<pid>-<start>-<random>`, as made by the writer and the lock. */
export const TEMP_NAME = /^(new|old|lock)-(\d+-\d+)-[0-9a-f]+$/;

export interface OutputNames {
  readonly target: string;
  readonly parent: string;
  /** Every name beside the output starts with it. */
  readonly prefix: string;
  readonly lock: string;
  /** The lock inside the output, for a mount point whose parent is read-only. */
  readonly insideLock: string;
  staging(tag: string): string;
  retired(tag: string): string;
}

export function outputNames(target: string): OutputNames {
  const parent = path.dirname(target);
  const base = path.basename(target);
  // Keep the temporary names under NAME_MAX whatever the output's own name.
  const short = Buffer.byteLength(base) <= 100 ? base : `${[...base].slice(0, 40).join('')}~${sha256Hex(base).slice(0, 12)}`;
  const prefix = `.${short}.homelab-`;
  return {
    target,
    parent,
    prefix,
    lock: path.join(parent, `${prefix}lock`),
    insideLock: path.join(target, `${INSIDE_PREFIX}lock`),
    staging: (tag) => path.join(parent, `${prefix}new-${tag}`),
    retired: (tag) => path.join(parent, `${prefix}old-${tag}`),
  };
}

/** A name the writer itself makes inside the output: the inside lock and temporary trees. */
export function isInsideName(name: string): boolean {
  return name === `${INSIDE_PREFIX}lock` || (name.startsWith(INSIDE_PREFIX) && TEMP_NAME.test(name.slice(INSIDE_PREFIX.length)));
}
