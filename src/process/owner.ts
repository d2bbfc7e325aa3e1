// Who owns a lock or a temporary directory (process id, start time, host), and whether that owner still runs.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface ProcessOwner {
  readonly pid: number;
  /** The process's start time (Linux: clock ticks since boot, from /proc); "" where it cannot be read. */
  readonly start: string;
  readonly host: string;
}

/** This process. */
export function currentOwner(): ProcessOwner {
  return { pid: process.pid, start: processStart(process.pid), host: os.hostname() };
}

/**
 * Whether `owner` may still be running. A pid that no longer exists, or that now belongs to a process started at
 * another time (the pid was reused), is dead; an owner on another host cannot be checked and counts as alive.
 */
export function ownerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readStat(owner.pid);
  // A zombie has exited; only its parent has not collected it yet.
  if (stat?.[0] === 'Z') return false;
  if (!owner.start) return true;
  const now = stat?.[19] ?? '';
  return now === '' || now === owner.start;
}

/** `<pid>-<start>`: the owner of a temporary name, on this host. */
export function ownerTag(owner: ProcessOwner = currentOwner()): string {
  return `${owner.pid}-${owner.start || '0'}`;
}

/** The owner named by ownerTag() on this host, or undefined for a name that holds none. */
export function parseOwnerTag(tag: string): ProcessOwner | undefined {
  const match = /^(\d+)-(\d+)$/.exec(tag);
  if (!match) return undefined;
  return { pid: Number(match[1]), start: match[2] === '0' ? '' : match[2]!, host: os.hostname() };
}

/** Field 22 of /proc/<pid>/stat (the start time); "" where /proc cannot tell. */
function processStart(pid: number): string {
  return readStat(pid)?.[19] ?? '';
}

/** /proc/<pid>/stat from field 3 (the state) on: the command name before it may hold spaces and parentheses. */
function readStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
