// Preloaded into benchmarked processes: records their peak resident set size (KiB) at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.HOMELAB_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
