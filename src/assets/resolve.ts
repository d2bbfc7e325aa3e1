// Rendering's side of assets: every asset a template uses must be on disk and match assets/lock.yaml.
// Nothing here touches the network.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AssetError, messageOf } from '../errors.ts';
import type { AssetResolver } from '../render/build-apps.ts';
import { assetFileName, crdsFileName, specProblems, type AssetMap, type ResolvedAsset } from '../templates/asset-spec.ts';
import { sha256Hex } from '../util/sha256.ts';
import { chartSourceDigest } from './chart-source.ts';
import { LOCK_FILE, type AssetsLock } from './lock.ts';

/** Checks files against the lock once per render, however many apps share them. */
export class LockedAssets implements AssetResolver {
  private readonly verified = new Map<string, Promise<string>>();

  constructor(private readonly sourceDir: string, private readonly lock: AssetsLock) {}

  /** Resolves a template's declared assets; throws an AssetError naming the file, both digests and the fix. */
  async resolve(template: string, assets: AssetMap): Promise<Record<string, ResolvedAsset>> {
    const resolved: Record<string, ResolvedAsset> = {};
    for (const [key, spec] of Object.entries(assets)) {
      const problems = specProblems(spec);
      if (problems.length > 0) throw new AssetError(`template "${template}" declares asset "${key}" wrongly: ${problems.join('; ')}`);
      const file = assetFileName(spec);
      const sha256 = await this.verify(template, file);
      if (spec.type === 'helm-chart' && spec.path !== undefined) await this.verifySource(template, file, spec.path);
      const crds = spec.type === 'helm-chart' && spec.crds ? crdsFileName(spec) : undefined;
      if (crds) await this.verify(template, crds);
      resolved[key] = {
        spec,
        path: path.join(this.sourceDir, 'assets', template, file),
        file: `assets/${template}/${file}`,
        sha256,
        // The lock's: the file has its digest.
        size: this.lock[template]![file]!.size,
        ...(crds && { crdsPath: path.join(this.sourceDir, 'assets', template, crds) }),
      };
    }
    return resolved;
  }

  private verify(template: string, file: string): Promise<string> {
    const key = `${template}/${file}`;
    let result = this.verified.get(key);
    if (!result) {
      result = this.check(template, file);
      this.verified.set(key, result);
    }
    return result;
  }

  /** A chart kept in the source repo must be packaged from its current files: edits need a refresh. */
  private verifySource(template: string, file: string, chartPath: string): Promise<void> {
    const key = `${template}/${file}#source`;
    let result = this.verified.get(key);
    if (!result) {
      result = this.checkSource(template, file, chartPath).then(() => '');
      this.verified.set(key, result);
    }
    return result.then(() => undefined);
  }

  private async checkSource(template: string, file: string, chartPath: string): Promise<void> {
    const fix = `run \`homelab refresh-assets --filter ${template}\` to package it again`;
    const locked = this.lock[template]![file]!;
    if (!locked.sourceDigest) throw new AssetError(`assets/${template}/${file} was packaged before ${LOCK_FILE} recorded the digest of its sources in ${chartPath}: ${fix}`);
    let digest: string;
    try {
      digest = await chartSourceDigest(this.sourceDir, chartPath);
    } catch (error) {
      throw new AssetError(`cannot read the chart in ${chartPath}: ${messageOf(error)}`, { cause: error });
    }
    if (digest === locked.sourceDigest) return;
    // Only on this failure: unpacking needs the tar writer's module, which a render (and the templates' worker) spares.
    const { firstChartChange } = await import('./chart-changes.ts');
    const change = await firstChartChange(this.sourceDir, chartPath, await readFile(path.join(this.sourceDir, 'assets', template, file))).catch(() => undefined);
    throw new AssetError(`the chart in ${chartPath} changed since assets/${template}/${file} was packaged${change ? ` (${change})` : ''}: ${fix}`);
  }

  private async check(template: string, file: string): Promise<string> {
    const relative = `assets/${template}/${file}`;
    const fix = `run \`homelab refresh-assets --filter ${template}\``;
    const locked = this.lock[template]?.[file];
    if (!locked) throw new AssetError(`${relative} is not in ${LOCK_FILE}: ${fix} to vendor it`);
    let content: Buffer;
    try {
      content = await readFile(path.join(this.sourceDir, relative));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AssetError(`${relative} is missing (${LOCK_FILE} expects sha256 ${locked.sha256}): ${fix}`, { cause: error });
      throw error;
    }
    const actual = sha256Hex(content);
    if (actual !== locked.sha256) {
      throw new AssetError(`${relative} does not match ${LOCK_FILE}: its sha256 is ${actual}, the lock says ${locked.sha256}; restore the file, or ${fix} if the change is intended`);
    }
    return actual;
  }
}
