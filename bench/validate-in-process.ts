// One cold process: the render of a source repo timed without and with validation (what renderSource adds).
// Prints JSON { renderMs, validateMs, objects } on stdout; bench/validate.ts runs it in fresh processes.
import { readLock } from '../src/assets/lock.ts';
import { AssetResolver } from '../src/assets/resolve.ts';
import { loadConfig } from '../src/config/load.ts';
import { render } from '../src/render/render.ts';
import { builtinTemplates } from '../src/templates/builtin/index.ts';
import { loadTemplates } from '../src/templates/load.ts';
import { sourceFiles } from '../src/templates/source-files.ts';
import { validateRender } from '../src/validate/validate.ts';

const source = process.argv[2]!;
const started = performance.now();
// The same steps as src/render/render-source.ts, with a clock between render() and validateRender().
const config = await loadConfig(source);
const templates = await loadTemplates(config, { builtins: builtinTemplates });
const assets = new AssetResolver(config.sourceDir, await readLock(config.sourceDir));
const result = await render({ config, templates, files: sourceFiles(config.sourceDir), assets });
const rendered = performance.now();
const problems = await validateRender({ config, apps: result.apps });
const validated = performance.now();
if (problems.length > 0) throw new Error(`the benchmark source is invalid:\n${problems.map((p) => JSON.stringify(p)).join('\n')}`);
const objects = result.apps.reduce((sum, app) => sum + app.files.length, 0);
console.log(JSON.stringify({ renderMs: rendered - started, validateMs: validated - rendered, objects }));
