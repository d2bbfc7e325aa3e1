// One cold process: the render of a source repo timed without and with validation (what renderSource adds).
// Prints JSON { renderMs, validateMs, objects } on stdout; bench/validate.ts runs it in fresh processes.
import { createRuntime } from '../src/cli/runtime.ts';
import { assemble, buildApps, loadConfig, loadTemplates, renderCharts, validate } from '../src/pipeline/pipeline.ts';

const source = process.argv[2]!;
// An entry point like the CLI: the environment is read here and handed down.
const runtime = createRuntime({ ...process.env });
const started = performance.now();
// The stages of renderSource (src/pipeline/pipeline.ts), with a clock between assemble and validate.
const config = await loadConfig(source);
const built = await buildApps(config, await loadTemplates(config));
const result = assemble(config, await renderCharts(config, built, runtime));
const rendered = performance.now();
await validate(config, result).catch((error: Error) => {
  throw new Error(`the benchmark source is invalid:\n${error.message}`);
});
const validated = performance.now();
const objects = result.apps.reduce((sum, app) => sum + app.files.length, 0);
console.log(JSON.stringify({ renderMs: rendered - started, validateMs: validated - rendered, objects }));
