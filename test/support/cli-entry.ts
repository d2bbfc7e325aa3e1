// The CLI from source, as a process of its own (bin/homelab.js runs the compiled dist/ instead).
import { main } from '../../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
