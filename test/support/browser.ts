// Debian's chromium, headless, driven by playwright-core (which never downloads a browser): for pages homelab writes.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { hostEnv } from './env.ts';

/** Flags that keep Chromium quiet on a machine without a network: no background fetches, updates, sync or QUIC. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `HOMELAB_CHROMIUM`, else Debian's /usr/bin/chromium (installed by scripts/tools/setup.sh chromium). */
export function chromiumPath(env: NodeJS.ProcessEnv = hostEnv()): string {
  const path = env.HOMELAB_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`chromium not found at ${path}: run \`bash scripts/tools/setup.sh chromium\` (Debian's chromium package) or set HOMELAB_CHROMIUM`);
  return path;
}

/** A fresh headless browser (Playwright gives every launch a new temporary profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
