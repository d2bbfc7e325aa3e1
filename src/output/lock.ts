// A lock on one output directory, so two runs never write it at once: a file created atomically (link(2) of a
// complete file) that names its owner; a lock whose owner died is taken over, one whose owner lives is waited for.
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { HomelabError } from '../errors.ts';
import { currentOwner, ownerAlive, ownerTag, type ProcessOwner } from '../process/owner.ts';

export interface LockOptions {
  /** How long to wait for a live holder. @default 10 minutes */
  readonly timeoutMs?: number;
  /** Called once, when the lock is held by another live run and this one starts waiting. */
  readonly onWait?: (holder: ProcessOwner) => void;
  /** For messages: the output as the user named it. */
  readonly shown: string;
}

export interface OutputLock {
  /** The lock file still names this run (false only if another run wrongly took it over). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

interface LockContent extends ProcessOwner {
  readonly nonce: string;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;

export async function acquireLock(file: string, options: LockOptions): Promise<OutputLock> {
  const mine: LockContent = { ...currentOwner(), nonce: randomBytes(8).toString('hex') };
  const content = `${JSON.stringify(mine)}\n`;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  let waiting = false;
  for (;;) {
    if (await tryCreate(file, content)) break;
    const raw = await readFile(file, 'utf8').catch(() => undefined);
    if (raw === undefined) continue; // released meanwhile
    const holder = parse(raw);
    if (!holder || !ownerAlive(holder)) {
      await breakStale(file, raw);
      continue;
    }
    if (!waiting) options.onWait?.(holder);
    waiting = true;
    if (Date.now() > deadline) {
      throw new HomelabError(
        `output "${options.shown}" is locked by another homelab run (process ${holder.pid} on "${holder.host}"), which has not finished in ${Math.round((options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS) / 1000)} s; wait for it or stop it (a lock of a process that no longer runs is taken over)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
  }
  const held = async () => (await readFile(file, 'utf8').catch(() => undefined)) === content;
  return {
    held,
    async release() {
      if (await held()) await unlink(file).catch(() => {});
    },
  };
}

/** The lock file appears whole or not at all: written under a private name, then hard-linked into place. */
async function tryCreate(file: string, content: string): Promise<boolean> {
  const temp = privateName(file);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Removes a dead owner's lock. It is first renamed to a private name, so of several runs that judged it stale only
 * one removes it; a run that renamed a lock taken meanwhile by a live run puts it back.
 */
async function breakStale(file: string, stale: string): Promise<void> {
  const aside = privateName(file);
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const taken = await readFile(aside, 'utf8').catch(() => undefined);
  if (taken !== undefined && taken !== stale) await link(aside, file).catch(() => {});
  await unlink(aside).catch(() => {});
}

/** `<lock>-<owner>-<random>`: named after this run, so a leftover of a killed run is recognised and removed. */
function privateName(file: string): string {
  return `${file}-${ownerTag()}-${randomBytes(6).toString('hex')}`;
}

function parse(raw: string): LockContent | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.nonce !== 'string') return undefined;
    return { pid: value.pid, start: typeof value.start === 'string' ? value.start : '', host: value.host, nonce: value.nonce };
  } catch {
    return undefined;
  }
}
