// Go-style durations as Flux takes them (90s, 5m, 1h30m), for command-line flags.
import { InvalidArgumentError } from 'commander';

export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) throw new InvalidArgumentError(`expected a duration such as "90s", "5m" or "1h30m", got "${text}"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}
