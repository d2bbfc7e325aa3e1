// Where an output may not go: onto or around the source repository, or into (or around) a path the render reads,
// since writing an output replaces the whole directory.
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { physicalPath } from '../util/physical-path.ts';

/** What every source repository's render reads, relative to its root (charts/ holds charts vendored by path). */
export const SOURCE_INPUTS: readonly string[] = ['config', 'templates', 'assets', 'charts'];

export interface SourceLayout {
  /** The source repository. */
  readonly root: string;
  /** Paths the render reads, relative to `root`: SOURCE_INPUTS and the paths of `manifests` apps. */
  readonly inputs: readonly string[];
}

/** Refuses an output that is the source repository, contains it, or overlaps one of its inputs. */
export async function checkOutputPlacement(output: string, source: SourceLayout): Promise<void> {
  const out = physicalPath(path.resolve(output));
  const root = physicalPath(path.resolve(source.root));
  const fix = 'choose a directory of its own, such as "./manifests" or one outside the source repository';
  if (out === root) throw new HomelabError(`--output "${output}" is the source repository itself, which holds config/ and templates/; ${fix}`);
  if (isInside(out, root)) throw new HomelabError(`--output "${output}" contains the source repository "${source.root}"; ${fix}`);
  for (const input of source.inputs) {
    const read = physicalPath(path.resolve(root, input));
    if (read === out || isInside(read, out)) throw new HomelabError(`--output "${output}" lies inside "${input}", which the render reads; ${fix}`);
    if (isInside(out, read)) throw new HomelabError(`--output "${output}" contains "${input}", which the render reads; ${fix}`);
  }
}

/** `child` lies strictly below `parent`. */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}
