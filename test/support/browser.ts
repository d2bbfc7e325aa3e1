// Debian's chromium, headless, driven by playwright-core (which never downloads a browser): for pages homelab writes.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { hostEnv } from './env.ts';

/** Flags that keep Chromium quiet on a machine without a network: no background fetches, updates, sync or QUIC. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
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
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    // A first start on a fresh machine builds font caches: generous, so a slow machine is not a failure.
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 180_000 });
  } catch (error) {
    throw new Error(`failed to launch ${executablePath}: ${(error as Error).message}`, { cause: error });
  }
}
