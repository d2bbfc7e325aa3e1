// Writes one output file (a graph image, a report page) atomically: a sibling temp file renamed over the target,
// so a failed run leaves the previous file as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { wrapError } from '../errors.ts';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.homelab-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw wrapError(`write "${file}"`, error);
  }
}
