// The one digest homelab uses for content: assets against the lock, cache keys, disambiguating names.
import { createHash } from 'node:crypto';

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
